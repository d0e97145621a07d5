/// An extra part of an HTML report (the soak adds its checks, resource charts and leak figures).
public struct HTMLSection: Sendable, Equatable {
  public var title: String
  /// Markup, already escaped by whoever made it.
  public var body: String

  public init(title: String, body: String) {
    self.title = title
    self.body = body
  }
}
