/// The direction a toxic acts on: `upstream` is client → server, `downstream` server → client.
public enum ToxicStream: String, Codable, Sendable, CaseIterable {
  case upstream
  case downstream
}
