import ChaosProxy
import Foundation
import LocalServices
import XCTest

@testable import Harness

/// Links tied to the process tree that owns the client socket: a grandchild's socket (a pool
/// process under a worker) belongs to the worker whose tree holds it; a socket no tree holds is
/// left to its client address.
final class LinkAttributionTests: XCTestCase {
  func testGrandchildSocketBelongsToItsWorkerTree() throws {
    let engine = try ProxyEngine(seed: 1)
    defer { engine.shutdown() }
    // The upstream does not matter: the link is attributed at accept.
    let port = try engine.createProxy(ProxySpec(name: "svc", listen: "127.0.0.1:0", upstream: "127.0.0.1:1"))
      .listenPort
    let attribution = LinkAttribution()
    attribution.add(proxy: "svc", service: "svc", port: port)
    let records = Records()
    engine.setLinkEventHandler { records.append(attribution.record($0, time: 0)) }
    // sh (the "worker") starts python3 (its "pool process"), which connects and waits.
    let script = "import socket,time; s=socket.create_connection(('127.0.0.1',\(port))); time.sleep(3)"
    let worker = try ChildProcess(
      name: "pool", executable: "/bin/sh", arguments: ["-c", "python3 -c \"\(script)\"; true"],
      output: .discard)
    defer { _ = worker.terminate(grace: 1) }
    let other = try ChildProcess(name: "other", executable: "/bin/sleep", arguments: ["3"], output: .discard)
    defer { _ = other.terminate(grace: 1) }
    attribution.setRoots {
      [
        .init(instance: "other#1", generation: 1, pid: other.pid),
        .init(instance: "celery#2", generation: 3, pid: worker.pid),
      ]
    }
    let deadline = Date().addingTimeInterval(10)
    while records.list.first(where: { $0.kind == "accepted" }) == nil && Date() < deadline { usleep(10_000) }
    let accepted = try XCTUnwrap(records.list.first { $0.kind == "accepted" })
    XCTAssertEqual(accepted.instance, "celery#2")
    XCTAssertEqual(accepted.generation, 3)
    XCTAssertNotEqual(accepted.pid, worker.pid, "the socket is the grandchild's")
    XCTAssertNotNil(accepted.lookupMs, "its cost is recorded (not judged here: a loaded machine)")
    XCTAssertFalse(accepted.runQueueWait?.isEmpty ?? true, "the owner's threads' run-queue waits")
    // Its close carries the same owner.
    while records.list.first(where: { $0.kind != "accepted" }) == nil && Date() < deadline { usleep(10_000) }
    XCTAssertEqual(records.list.last?.instance, "celery#2")

    // A client the harness did not start: grouped by its address.
    let stranger = try ChildProcess(
      name: "stranger", executable: "/usr/bin/python3",
      arguments: [
        "-c", "import socket,time; s=socket.create_connection(('127.0.0.1',\(port))); time.sleep(2)",
      ],
      output: .discard)
    defer { _ = stranger.terminate(grace: 1) }
    while records.list.filter({ $0.kind == "accepted" }).count < 2 && Date() < deadline { usleep(10_000) }
    let second = try XCTUnwrap(records.list.filter { $0.kind == "accepted" }.last)
    XCTAssertNil(second.instance)
    XCTAssertEqual(second.owner, "client 127.0.0.1")
    XCTAssertNil(second.runQueueWait, "no process of ours to ask")

    // A root that opens the socket itself: found among the roots' own fds.
    let direct = try ChildProcess(
      name: "direct", executable: "/usr/bin/python3",
      arguments: [
        // It waits until the roots below name it.
        "-c",
        "import socket,time; time.sleep(0.3); s=socket.create_connection(('127.0.0.1',\(port))); time.sleep(2)",
      ],
      output: .discard)
    defer { _ = direct.terminate(grace: 1) }
    attribution.setRoots {
      [
        .init(instance: "celery#2", generation: 3, pid: worker.pid),
        .init(instance: "direct#1", generation: 1, pid: direct.pid),
      ]
    }
    while records.list.filter({ $0.kind == "accepted" }).count < 3 && Date() < deadline { usleep(10_000) }
    let third = try XCTUnwrap(records.list.filter { $0.kind == "accepted" }.last)
    XCTAssertEqual(third.instance, "direct#1")
    XCTAssertEqual(third.pid, direct.pid)
  }
}

private final class Records: @unchecked Sendable {
  private let lock = NSLock()
  private var records: [LinkRecord] = []
  func append(_ record: LinkRecord) {
    lock.lock()
    records.append(record)
    lock.unlock()
  }
  var list: [LinkRecord] {
    lock.lock()
    defer { lock.unlock() }
    return records
  }
}
