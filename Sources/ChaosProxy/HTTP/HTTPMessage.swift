import Foundation

/// An HTTP request as the router sees it: method, path (decoded, no query), headers and body.
struct HTTPRequest {
  var method: String
  var path: String
  /// Header values by lower-cased name (the last one wins when a header repeats).
  var headers: [String: String] = [:]
  var body: [UInt8]

  func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// An HTTP response: status, content type and body (empty for 204).
///
/// Content types follow Toxiproxy: JSON answers are `application/json`; error answers carry
/// the JSON error body as `text/plain; charset=utf-8` with `X-Content-Type-Options: nosniff`
/// (what Go's `http.Error` sends); `/version` is `application/json;charset=utf-8`.
struct HTTPResponse: Equatable {
  var status: Int
  var contentType: String?
  var body: [UInt8]
  var extraHeaders: [String: String] = [:]

  static let jsonType = "application/json"
  static let plainType = "text/plain; charset=utf-8"

  static func json<T: Encodable>(_ value: T, status: Int = 200) -> HTTPResponse {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    guard let data = try? encoder.encode(value) else {
      return error("cannot encode the response", status: 500)
    }
    return HTTPResponse(status: status, contentType: jsonType, body: Array(data) + [0x0A])
  }

  /// Toxiproxy's error answer: `{"error":"...","status":N}` and a newline, sent as text/plain.
  static func error(_ message: String, status: Int) -> HTTPResponse {
    var response = json(APIErrorBody(error: message, status: status), status: status)
    response.contentType = plainType
    response.extraHeaders["X-Content-Type-Options"] = "nosniff"
    return response
  }

  /// A plain-text answer (the browser refusal), a newline added as Go's `http.Error` does.
  static func plain(_ text: String, status: Int) -> HTTPResponse {
    HTTPResponse(
      status: status, contentType: plainType, body: Array((text + "\n").utf8),
      extraHeaders: ["X-Content-Type-Options": "nosniff"])
  }

  static let noContent = HTTPResponse(status: 204, contentType: nil, body: [])
}

/// Toxiproxy's error body: `{"error": "...", "status": N}`.
struct APIErrorBody: Codable, Equatable {
  var error: String
  var status: Int
}
