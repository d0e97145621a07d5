/// The protocol a proxy's tap decodes (extension: `"tap"` on a proxy).
public enum TapProtocol: String, Codable, Sendable, CaseIterable {
  /// Redis: RESP2 requests (client → server) and replies.
  case resp
  /// RabbitMQ: AMQP 0-9-1 frames both ways.
  case amqp
}

extension TapProtocol {
  /// Parses the JSON value: nil, "" or "off" means no tap; anything else unknown is refused.
  static func parse(_ text: String?) throws -> TapProtocol? {
    guard let text, !text.isEmpty, text != "off", text != "none" else { return nil }
    guard let kind = TapProtocol(rawValue: text) else {
      throw ProxyError.invalid("unknown tap protocol: \(text) (resp, amqp or off)")
    }
    return kind
  }
}
