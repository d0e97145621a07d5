import Foundation
import LocalServices
import XCTest

/// Issue 13 item 6: every port a run opens (proxies, redis-server, the RabbitMQ node's AMQP and
/// Erlang distribution ports, epmd) listens on loopback only, as `ss -ltnp` shows.
final class LoopbackPortsTests: XCTestCase {
  func testEveryListeningSocketOfARunIsOnLoopback() throws {
    let run = try HarnessCommandRun("chaos-test-loopback")
    defer { run.cleanUp() }
    let scenario = try run.file("small.scn", SmallStackScenario.text(name: "loopback", jobs: 300))
    let output = OutputLines()
    let chaos = try ChildProcess(
      name: "chaos run", executable: run.chaos, arguments: ["run", scenario], environment: run.environment,
      output: .lines { output.append($0) })
    defer { chaos.terminate(grace: 20) }
    let deadline = Date().addingTimeInterval(60)
    while !output.text.contains("cut redis for 500ms: over") && Date() < deadline && chaos.isRunning {
      usleep(100_000)
    }
    let pids = Set([chaos.pid] + ProcessProbe.descendants(of: chaos.pid).map(\.pid))
    let sockets = try listeningSockets().filter { pids.contains($0.pid) }
    let programs = Set(sockets.map(\.program))
    for program in ["chaos", "redis-server", "beam.smp", "epmd"] {
      XCTAssertTrue(programs.contains(program), "\(program) listens nowhere: \(sockets)")
    }
    let open = sockets.filter { !($0.address.hasPrefix("127.0.0.1:") || $0.address.hasPrefix("[::1]:")) }
    XCTAssertEqual(open.map { "\($0.program) \($0.address)" }, [], "listening beyond loopback")
  }

  /// `ss -ltnpH`: local address, program and pid of every listening TCP socket of ours.
  private func listeningSockets() throws -> [(address: String, program: String, pid: Int32)] {
    let output = OutputLines()
    let ss = try ChildProcess(
      name: "ss", executable: "ss", arguments: ["-ltnpH"], output: .lines { output.append($0) })
    XCTAssertEqual(ss.wait(timeout: 10), 0)
    usleep(100_000)
    return output.text.split(separator: "\n").flatMap { line -> [(String, String, Int32)] in
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      guard fields.count >= 6 else { return [] }
      let address = String(fields[3])
      // users:(("beam.smp",pid=123,fd=4),("beam.smp",pid=123,fd=5))
      return fields[5].split(separator: "(").compactMap { entry -> (String, String, Int32)? in
        let parts = entry.split(separator: ",")
        guard parts.count >= 2, let pid = Int32(parts[1].replacingOccurrences(of: "pid=", with: "")) else {
          return nil
        }
        return (address, parts[0].replacingOccurrences(of: "\"", with: ""), pid)
      }
    }
  }
}
