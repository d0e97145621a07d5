/// A compose or proxy file that does not have the shape the checks expect.
struct ComposeCheckError: Error, CustomStringConvertible {
  let description: String

  init(_ description: String) {
    self.description = description
  }
}
