import Yams

/// One `key: value` pair of a YAML mapping whose key is a plain scalar.
public struct MappingEntry {
  public var key: String
  public var keyNode: Node
  public var value: Node
}
