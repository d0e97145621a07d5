import CLibevent
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// libevent's `evhttp` on the engine's loop: reads each request, asks `handler`, writes the answer.
final class HTTPServer {
  private var http: OpaquePointer?
  private let handler: (HTTPRequest) -> HTTPResponse
  private(set) var port: UInt16 = 0
  private var requestIDs = RequestID()

  /// The request headers the router reads (browser refusal).
  static let readHeaders = ["User-Agent", "Origin", "Sec-Fetch-Site"]

  init(loop: EventLoop, host: String, port: UInt16, handler: @escaping (HTTPRequest) -> HTTPResponse) throws {
    self.handler = handler
    guard let http = evhttp_new(loop.base) else { throw ProxyError.system("evhttp_new failed") }
    self.http = http
    let methods =
      EVHTTP_REQ_GET.rawValue | EVHTTP_REQ_POST.rawValue | EVHTTP_REQ_PATCH.rawValue
      | EVHTTP_REQ_DELETE.rawValue | EVHTTP_REQ_PUT.rawValue | EVHTTP_REQ_HEAD.rawValue
      | EVHTTP_REQ_OPTIONS.rawValue
    evhttp_set_allowed_methods(http, UInt16(methods))
    evhttp_set_max_body_size(http, 4 << 20)
    evhttp_set_timeout(http, 30)
    evhttp_set_gencb(
      http,
      { request, context in
        let server = Unmanaged<HTTPServer>.fromOpaque(context!).takeUnretainedValue()
        server.serve(request)
      }, Unmanaged.passUnretained(self).toOpaque())
    errno = 0
    guard let handle = evhttp_bind_socket_with_handle(http, host, port) else {
      let code = errno
      evhttp_free(http)
      self.http = nil
      if code == EADDRINUSE { throw ProxyError.addressInUse("\(host):\(port)") }
      throw ProxyError.system("cannot serve the API on \(host):\(port): \(String(cString: strerror(code)))")
    }
    self.port = SocketAddress.local(of: evhttp_bound_socket_get_fd(handle))?.port ?? port
  }

  private func serve(_ request: OpaquePointer?) {
    guard let request else { return }
    let method: String
    switch evhttp_request_get_command(request) {
    case EVHTTP_REQ_GET: method = "GET"
    case EVHTTP_REQ_POST: method = "POST"
    case EVHTTP_REQ_PATCH: method = "PATCH"
    case EVHTTP_REQ_DELETE: method = "DELETE"
    case EVHTTP_REQ_PUT: method = "PUT"
    case EVHTTP_REQ_HEAD: method = "HEAD"
    default: method = "OPTIONS"
    }
    var path = "/"
    if let uri = evhttp_request_get_evhttp_uri(request), let raw = evhttp_uri_get_path(uri) {
      let text = String(cString: raw)
      path = text.removingPercentEncoding ?? text
    }
    var body: [UInt8] = []
    if let input = evhttp_request_get_input_buffer(request) {
      let count = evbuffer_get_length(input)
      if count > 0 {
        body = [UInt8](repeating: 0, count: count)
        _ = body.withUnsafeMutableBytes { evbuffer_remove(input, $0.baseAddress, count) }
      }
    }
    var headers: [String: String] = [:]
    let input = evhttp_request_get_input_headers(request)
    for name in Self.readHeaders {
      if let value = evhttp_find_header(input, name) { headers[name.lowercased()] = String(cString: value) }
    }
    let parsed = HTTPRequest(method: method, path: path, headers: headers, body: body)
    let response = BrowserGuard.refusal(parsed) ?? handler(parsed)
    let output = evbuffer_new()
    let outputHeaders = evhttp_request_get_output_headers(request)
    evhttp_add_header(outputHeaders, "X-Toxiproxy-Request-Id", requestIDs.next())
    if let type = response.contentType { evhttp_add_header(outputHeaders, "Content-Type", type) }
    for (name, value) in response.extraHeaders { evhttp_add_header(outputHeaders, name, value) }
    if !response.body.isEmpty {
      _ = response.body.withUnsafeBytes { evbuffer_add(output, $0.baseAddress, $0.count) }
    }
    evhttp_send_reply(request, Int32(response.status), Self.reason(response.status), output)
    evbuffer_free(output)
  }

  private static func reason(_ status: Int) -> String {
    switch status {
    case 200: return "OK"
    case 201: return "Created"
    case 204: return "No Content"
    case 400: return "Bad Request"
    case 403: return "Forbidden"
    case 404: return "Not Found"
    case 405: return "Method Not Allowed"
    case 409: return "Conflict"
    case 500: return "Internal Server Error"
    case 503: return "Service Unavailable"
    default: return "Error"
    }
  }

  func close() {
    if let http { evhttp_free(http) }
    http = nil
  }

  deinit { close() }
}
