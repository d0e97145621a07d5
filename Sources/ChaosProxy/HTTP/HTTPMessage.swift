import Foundation

/// An HTTP request as the router sees it: method, path (decoded, no query) and body.
struct HTTPRequest {
  var method: String
  var path: String
  var body: [UInt8]
}

/// An HTTP response: status and JSON body (empty for 204).
struct HTTPResponse: Equatable {
  var status: Int
  var body: [UInt8]

  static func json<T: Encodable>(_ value: T, status: Int = 200) -> HTTPResponse {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    guard let data = try? encoder.encode(value) else {
      return error("cannot encode the response", status: 500)
    }
    return HTTPResponse(status: status, body: Array(data) + [0x0A])
  }

  static func error(_ message: String, status: Int) -> HTTPResponse {
    json(APIErrorBody(error: message, status: status), status: status)
  }

  static let noContent = HTTPResponse(status: 204, body: [])
}

/// Toxiproxy's error body: `{"error": "...", "status": N}`.
struct APIErrorBody: Codable, Equatable {
  var error: String
  var status: Int
}
