import Foundation

/// A tiny HTTP/1.1 client over a socket (one request per connection).
enum TestHTTPClient {
  struct Response {
    var status: Int
    var body: [UInt8]
    /// Header values by lower-cased name.
    var headers: [String: String] = [:]
    var text: String { String(decoding: body, as: UTF8.self) }
    func json() -> Any? { try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
  }

  static func request(
    port: UInt16, _ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]
  ) throws -> Response {
    let socket = try TestSocket(port: port, timeout: 10)
    defer { socket.close() }
    let payload = Array((body ?? "").utf8)
    var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if body != nil { head += "Content-Type: application/json\r\n" }
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    head += "Content-Length: \(payload.count)\r\n\r\n"
    try socket.write(Array(head.utf8) + payload)
    let (raw, _) = socket.readToEnd()
    let separator: [UInt8] = [13, 10, 13, 10]
    var split = raw.count
    for index in 0..<max(raw.count - 3, 0) where Array(raw[index..<(index + 4)]) == separator {
      split = index
      break
    }
    let headText = String(decoding: raw[0..<split], as: UTF8.self)
    let statusLine = headText.split(separator: "\r\n").first ?? ""
    let status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0
    var bodyBytes = split + 4 <= raw.count ? Array(raw[(split + 4)...]) : []
    if headText.lowercased().contains("transfer-encoding: chunked") { bodyBytes = dechunk(bodyBytes) }
    var headerValues: [String: String] = [:]
    for line in headText.split(separator: "\r\n").dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headerValues[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
        in: .whitespaces)
    }
    return Response(status: status, body: bodyBytes, headers: headerValues)
  }

  private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var index = 0
    while index < bytes.count {
      guard let end = bytes[index...].firstIndex(of: 10) else { break }
      let sizeText = String(decoding: bytes[index..<end], as: UTF8.self).trimmingCharacters(
        in: .whitespacesAndNewlines)
      guard let size = Int(sizeText, radix: 16), size > 0 else { break }
      let start = end + 1
      out += bytes[start..<min(start + size, bytes.count)]
      index = start + size + 2
    }
    return out
  }
}
