import Foundation

/// The Toxiproxy 2.x HTTP API over a ``ProxyEngine``: routes, JSON shapes and status codes.
/// Pure Swift; ``HTTPServer`` feeds it requests from evhttp.
///
/// Status codes follow Toxiproxy: 201 proxy create and populate, 200 get / update / toxic create
/// (Toxiproxy's clients expect 200 there), 204 delete and reset, 400 bad body, 404 missing,
/// 409 name taken, 500 listen address in use or an unexpected error (logged), 405 wrong method.
struct APIRouter: Sendable {
  weak var engine: ProxyEngine?
  /// `-runtime-metrics`: `/metrics` adds the process metrics.
  var runtimeMetrics = false

  static let version = "2.12.0-chaos"

  init(engine: ProxyEngine, runtimeMetrics: Bool = false) {
    self.engine = engine
    self.runtimeMetrics = runtimeMetrics
  }

  func handle(_ request: HTTPRequest) -> HTTPResponse {
    guard let engine else { return .error("shutting down", status: 503) }
    let parts = request.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    do {
      return try route(engine, request.method, parts, request.body)
    } catch {
      return Self.response(to: error, of: request, engine: engine)
    }
  }

  /// The answer to a request that threw: the status of a known error, 400 for a body that does not
  /// decode, and 500 with a diagnostic line for anything else (as Toxiproxy logs and answers 500).
  static func response(to error: any Error, of request: HTTPRequest, engine: ProxyEngine) -> HTTPResponse {
    switch error {
    case let failure as PopulateFailure:
      let body = PopulateErrorBody(
        error: failure.error.description, status: failure.error.httpStatus, proxies: failure.created)
      return .json(body, status: failure.error.httpStatus)
    case let error as ProxyError:
      return .error(error.description, status: error.httpStatus)
    case let error as DecodingError:
      return .error("bad request body: \(Self.describe(error))", status: 400)
    default:
      engine.diagnose("chaos proxy API: \(request.method) \(request.path): unexpected error: \(error)")
      return .error("internal error: \(error)", status: 500)
    }
  }

  private func route(_ engine: ProxyEngine, _ method: String, _ parts: [String], _ body: [UInt8]) throws
    -> HTTPResponse
  {
    switch (method, parts.count) {
    case ("POST", 1) where parts[0] == "reset":
      engine.reset()
      return .noContent
    case ("GET", 1) where parts[0] == "version":
      // Toxiproxy's exact bytes: a space after the colon, a newline, its content type.
      return HTTPResponse(
        status: 200, contentType: "application/json;charset=utf-8",
        body: Array("{\"version\": \"\(Self.version)\"}\n".utf8))
    case ("GET", 1) where parts[0] == "metrics":
      let page = MetricsPage.render(engine.metrics(), runtime: runtimeMetrics ? ProcessMetrics.read() : nil)
      return HTTPResponse(status: 200, contentType: PrometheusText.contentType, body: Array(page.utf8))
    case ("POST", 1) where parts[0] == "populate":
      let specs = try decodePopulate(body)
      return .json(["proxies": try engine.populate(specs)], status: 201)
    case ("GET", 1) where parts[0] == "proxies":
      let all = engine.proxies()
      return .json(Dictionary(all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }))
    case ("POST", 1) where parts[0] == "proxies":
      let spec: ProxySpec = try decode(body)
      return .json(try engine.createProxy(spec), status: 201)
    case (_, 2) where parts[0] == "proxies":
      return try proxyRoute(engine, method, parts[1], body)
    case (_, 3) where parts[0] == "proxies" && parts[2] == "toxics":
      return try toxicsRoute(engine, method, parts[1], body)
    case (_, 3) where parts[0] == "proxies" && parts[2] == "links":
      guard method == "GET" else { return methodNotAllowed(method) }
      return .json(try engine.links(parts[1]))
    case (_, 3) where parts[0] == "proxies" && parts[2] == "events":
      guard method == "GET" else { return methodNotAllowed(method) }
      return .json(try engine.linkEvents(parts[1]))
    case (_, 3) where parts[0] == "proxies" && parts[2] == "taps":
      guard method == "GET" else { return methodNotAllowed(method) }
      return .json(
        TapsBody(proxy: parts[1], total: try engine.taps(parts[1]), links: try engine.links(parts[1])))
    case (_, 4) where parts[0] == "proxies" && parts[2] == "toxics":
      return try toxicRoute(engine, method, parts[1], parts[3], body)
    default:
      let known = ["reset", "version", "populate", "proxies", "metrics"]
      if let first = parts.first, known.contains(first), parts.count <= 4 { return methodNotAllowed(method) }
      return .error("not found: /\(parts.joined(separator: "/"))", status: 404)
    }
  }

  private func proxyRoute(_ engine: ProxyEngine, _ method: String, _ name: String, _ body: [UInt8]) throws
    -> HTTPResponse
  {
    switch method {
    case "GET":
      guard let status = engine.proxy(name) else { throw ProxyError.proxyNotFound }
      return .json(status)
    case "POST", "PATCH":
      guard engine.proxy(name) != nil else { throw ProxyError.proxyNotFound }
      let update: ProxyUpdate = try decode(body)
      if let tap = update.tap { try engine.setTap(name, TapProtocol.parse(tap)) }
      let status = try engine.updateProxy(
        name, enabled: update.enabled, listen: update.listen, upstream: update.upstream)
      return .json(update.cut == true ? try engine.cutProxy(name) : status)
    case "DELETE":
      try engine.deleteProxy(name)
      return .noContent
    default:
      return methodNotAllowed(method)
    }
  }

  private func toxicsRoute(_ engine: ProxyEngine, _ method: String, _ proxy: String, _ body: [UInt8]) throws
    -> HTTPResponse
  {
    switch method {
    case "GET":
      return .json(try engine.toxics(proxy))
    case "POST":
      guard engine.proxy(proxy) != nil else { throw ProxyError.proxyNotFound }
      let spec: ToxicSpec = try decode(body)
      return .json(try engine.addToxic(proxy, spec))
    default:
      return methodNotAllowed(method)
    }
  }

  private func toxicRoute(
    _ engine: ProxyEngine, _ method: String, _ proxy: String, _ name: String, _ body: [UInt8]
  ) throws -> HTTPResponse {
    switch method {
    case "GET":
      guard let toxic = try engine.toxics(proxy).first(where: { $0.resolvedName == name }) else {
        throw ProxyError.toxicNotFound
      }
      return .json(toxic)
    case "POST", "PATCH":
      guard try engine.toxics(proxy).contains(where: { $0.resolvedName == name }) else {
        throw ProxyError.toxicNotFound
      }
      let update: ToxicUpdate = try decode(body)
      return .json(
        try engine.updateToxic(proxy, name, attributes: update.attributes, toxicity: update.toxicity))
    case "DELETE":
      try engine.removeToxic(proxy, name)
      return .noContent
    default:
      return methodNotAllowed(method)
    }
  }

  private func methodNotAllowed(_ method: String) -> HTTPResponse {
    .error("method not allowed: \(method)", status: 405)
  }

  private func decode<T: Decodable>(_ body: [UInt8]) throws -> T {
    guard !body.isEmpty else { throw ProxyError.invalid("bad request body: empty") }
    return try JSONDecoder().decode(T.self, from: Data(body))
  }

  /// `/populate` takes an array of proxies, or Toxiproxy's `{"proxies": [...]}`.
  private func decodePopulate(_ body: [UInt8]) throws -> [ProxySpec] {
    if let list = try? JSONDecoder().decode([ProxySpec].self, from: Data(body)) { return list }
    struct Wrapped: Decodable { var proxies: [ProxySpec] }
    return try (decode(body) as Wrapped).proxies
  }

  static func describe(_ error: DecodingError) -> String {
    switch error {
    case .dataCorrupted(let context):
      return context.underlyingError.map { "\($0)" } ?? context.debugDescription
    case .keyNotFound(let key, _): return "missing field \(key.stringValue)"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      let path = context.codingPath.map(\.stringValue).joined(separator: ".")
      return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
    @unknown default: return "\(error)"
    }
  }
}

/// The body of a proxy update: only the fields given change (`"tap": "off"` stops the tap).
struct ProxyUpdate: Decodable {
  var listen: String?
  var upstream: String?
  var enabled: Bool?
  var tap: String?
  /// Extension: `"cut": true` keeps listening and resets every new connection (recorded).
  var cut: Bool?
}

/// A `/populate` that stopped: Toxiproxy's error fields and the proxies created before it.
struct PopulateErrorBody: Encodable {
  var error: String
  var status: Int
  var proxies: [ProxyStatus]
}

/// `GET /proxies/{name}/taps`: the proxy's total and each open link's own.
struct TapsBody: Encodable {
  var proxy: String
  var total: TapReport
  var links: [LinkStatus]
}
