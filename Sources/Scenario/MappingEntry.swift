import Yams

/// One `key: value` pair of a YAML mapping whose key is a plain scalar.
struct MappingEntry {
  var key: String
  var keyNode: Node
  var value: Node
}
