/// Refuses requests that come from a web browser, so that a page open on the machine cannot
/// drive the API (create a listener that forwards anywhere, cut a service).
///
/// Toxiproxy refuses a `User-Agent` starting with `Mozilla/` (403, `User agent not allowed`);
/// we do the same and also refuse what a browser's cross-origin `fetch` sends whatever its user
/// agent: an `Origin` header, or `Sec-Fetch-Site` other than `none` / `same-origin` (`same-site`
/// too: a page on another port of localhost is same-site). Toxiproxy's clients, curl and
/// scripts send none of these.
enum BrowserGuard {
  static func refusal(_ request: HTTPRequest) -> HTTPResponse? {
    if let agent = request.header("User-Agent"), agent.hasPrefix("Mozilla/") {
      return .plain("User agent not allowed", status: 403)
    }
    if request.header("Origin") != nil {
      return .plain("Cross-origin requests not allowed", status: 403)
    }
    if let site = request.header("Sec-Fetch-Site")?.lowercased(), site != "none", site != "same-origin" {
      return .plain("Cross-site requests not allowed", status: 403)
    }
    return nil
  }
}
