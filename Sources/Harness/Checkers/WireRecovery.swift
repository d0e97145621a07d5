/// The proxy as a witness of `recovery:`: for each outage window of the service, each worker
/// (instance, or client address for a process the harness did not start) that lost or was refused
/// a link in the window, the time from the service being back to its first successful exchange on
/// a link opened after the outage began (``LinkRecord`` `exchange`: a non-error RESP reply, AMQP
/// `basic.deliver` / client `basic.ack` / publisher confirm; a link that only finished the AMQP
/// handshake counts its `connection.open-ok`, and the evidence says so).
struct WireRecovery {
  struct Finding {
    var problems: [String] = []
    var evidence: [String] = []
    /// Per window and owner, the recovery time (for the side-by-side with the logs).
    var times: [String: Double] = [:]
    var worst = 0.0
    /// False when the proxies saw no link of the service at all.
    var witnessed = false
    /// Why some owner's recovery is unknown: the tap stopped decoding a link it rests on.
    var unknowns: [String] = []
  }

  var service: String
  var within: Double

  func examine(_ journal: RunJournal, windows: [StepRecord]) -> Finding {
    var finding = Finding()
    let records = journal.links(of: service)
    guard !records.isEmpty else { return finding }
    finding.witnessed = true
    for window in windows {
      guard let start = window.startedAt, let back = window.endedAt else { continue }
      var noticed = 0
      let owners = Set(records.map(\.owner)).sorted()
      for owner in owners {
        let mine = records.filter { $0.owner == owner }
        let lost = mine.first {
          $0.time >= start && $0.time <= back + within
            && ($0.kind == "closed" || $0.kind == "connect-failed" || $0.kind == "refused")
        }
        guard let lost else {
          finding.evidence.append("  wire \(owner): no link lost or refused")
          continue
        }
        noticed += 1
        let newLinks = Set(
          mine.filter { $0.kind == "accepted" && $0.time >= start }.map { "\($0.proxy)/\($0.link)" })
        let onNew = mine.filter { newLinks.contains("\($0.proxy)/\($0.link)") && $0.time >= start }
        guard
          let success = onNew.first(where: { $0.kind == "exchange" })
            ?? onNew.first(where: { $0.kind == "ready" })
        else {
          if let stop = mine.first(where: { $0.kind == "tap-stopped" && $0.time >= start }) {
            let reason = Self.stopReason(stop)
            finding.unknowns.append(reason)
            finding.evidence.append(
              "  wire \(owner): link \(lost.kind) at \(Seconds.format(lost.time, width: 0)), then \(reason)")
            continue
          }
          finding.problems.append(
            "wire: \(owner) had no successful exchange on a new link after \(service) was back at "
              + Seconds.format(back, width: 0))
          finding.evidence.append(
            "  wire \(owner): link \(lost.kind) at \(Seconds.format(lost.time, width: 0)), no successful exchange after"
          )
          continue
        }
        let delay = max(0, success.time - back)
        finding.times["\(window.index) \(owner)"] = delay
        finding.worst = max(finding.worst, delay)
        let what =
          success.kind == "ready" ? "connection.open-ok (handshake only)" : success.detail ?? "exchange"
        finding.evidence.append(
          "  wire \(owner): first \(what) on link \(success.proxy)#\(success.link) \(Seconds.precise(delay)) after back"
        )
        if delay > within {
          finding.problems.append("wire: \(owner) took \(Seconds.precise(delay)) after \(window.description)")
        }
      }
      if noticed == 0 {
        finding.evidence.append("  wire: no link of \(service) was lost or refused in \(window.description)")
      }
    }
    return finding
  }

  /// `the RESP tap stopped decoding on link redis#7 at 3.2s: unexpected byte 0x25`.
  static func stopReason(_ stop: LinkRecord) -> String {
    let detail = stop.detail ?? "not the expected protocol"
    let parts = detail.split(separator: ":", maxSplits: 1)
    let (tap, why) =
      parts.count == 2
      ? (String(parts[0]), parts[1].trimmingCharacters(in: .whitespaces)) : ("protocol", detail)
    return "the \(tap) tap stopped decoding on link \(stop.proxy)#\(stop.link) at "
      + "\(Seconds.format(stop.time, width: 0)): \(why)"
  }
}
