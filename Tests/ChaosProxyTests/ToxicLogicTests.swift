import SeededRandom
import XCTest

@testable import ChaosProxy

/// The toxics as pure functions over timed chunks.
final class ToxicLogicTests: XCTestCase {
  func bytes(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0) } }

  func testLatencyDelaysAndKeepsOrder() {
    let toxic = LatencyToxic(latency: 100, jitter: 50, seed: 3)
    var last = -Double.infinity
    for index in 0..<200 {
      let output = toxic.transform(Chunk(bytes: [UInt8(index)], at: Double(index)))
      XCTAssertEqual(output.chunks.count, 1)
      let at = output.chunks[0].at
      XCTAssertGreaterThanOrEqual(at, Double(index) + 50)
      XCTAssertGreaterThanOrEqual(at, last)
      last = at
    }
  }

  func testBandwidthSpreadsBytesOverTime() {
    let toxic = BandwidthToxic(rateKBps: 100)
    let output = toxic.transform(Chunk(bytes: bytes(102_400), at: 0))
    XCTAssertEqual(output.chunks.flatMap(\.bytes), bytes(102_400))
    XCTAssertEqual(output.chunks.last?.at ?? 0, 1000, accuracy: 1)
    XCTAssertGreaterThan(output.chunks.count, 10)
    let next = toxic.transform(Chunk(bytes: bytes(1024), at: 10))
    XCTAssertEqual(next.chunks.last?.at ?? 0, 1010, accuracy: 1)
  }

  func testSlicerCutsIntoSmallSlicesIntact() {
    let toxic = SlicerToxic(averageSize: 100, sizeVariation: 40, delayMicroseconds: 1000, seed: 9)
    let input = bytes(10_000)
    let output = toxic.transform(Chunk(bytes: input, at: 0))
    XCTAssertEqual(output.chunks.flatMap(\.bytes), input)
    XCTAssertTrue(
      output.chunks.allSatisfy { (60...140).contains($0.bytes.count) || $0 == output.chunks.last })
    XCTAssertGreaterThan(output.chunks.last?.at ?? 0, 50)
  }

  func testLimitDataTruncatesThenCloses() {
    let toxic = LimitDataToxic(bytes: 150)
    XCTAssertEqual(toxic.transform(Chunk(bytes: bytes(100), at: 1)).chunks.first?.bytes.count, 100)
    let second = toxic.transform(Chunk(bytes: bytes(100), at: 2))
    XCTAssertEqual(second.chunks.first?.bytes.count, 50)
    XCTAssertEqual(second.actions, [.close(at: 2)])
    XCTAssertTrue(toxic.transform(Chunk(bytes: bytes(10), at: 3)).chunks.isEmpty)
  }

  func testTimeoutSwallowsAndSchedulesClose() {
    XCTAssertEqual(TimeoutToxic(timeout: 0).attach(now: 5), [])
    XCTAssertEqual(TimeoutToxic(timeout: 100).attach(now: 5), [.close(at: 105)])
    XCTAssertTrue(TimeoutToxic(timeout: 0).transform(Chunk(bytes: [1], at: 0)).chunks.isEmpty)
    XCTAssertEqual(ResetPeerToxic(timeout: 20).attach(now: 1), [.reset(at: 21)])
  }

  func testPipePassesThroughWithoutToxicsAndQueuesWithThem() {
    let pipe = ToxicPipe()
    XCTAssertTrue(pipe.isPassthrough)
    let latency = ToxicSpec(name: "l", type: .latency, attributes: ["latency": 10])
    _ = pipe.setChain([latency]) { ToxicCatalog.make($0, seed: 1) }
    XCTAssertFalse(pipe.isPassthrough)
    _ = pipe.push([1, 2, 3], now: 0)
    XCTAssertEqual(pipe.pendingBytes, 3)
    XCTAssertTrue(pipe.takeDue(now: 5).isEmpty)
    XCTAssertEqual(pipe.takeDue(now: 10), [[1, 2, 3]])
    let (added, removed) = pipe.setChain([]) { ToxicCatalog.make($0, seed: 1) }
    XCTAssertTrue(added.isEmpty)
    XCTAssertEqual(removed.map(\.name), ["l"])
    XCTAssertTrue(pipe.isPassthrough)
  }

  func testCatalogFillsDefaultsAndRefusesBadValues() throws {
    let normalized = try ToxicCatalog.normalized(ToxicSpec(type: .slicer, stream: .upstream))
    XCTAssertEqual(normalized.name, "slicer_upstream")
    XCTAssertEqual(normalized.attributes, ["average_size": 0, "size_variation": 0, "delay": 0])
    XCTAssertThrowsError(try ToxicCatalog.normalized(ToxicSpec(type: .latency, attributes: ["latency": -1])))
    XCTAssertThrowsError(try ToxicCatalog.normalized(ToxicSpec(type: .latency, toxicity: 1.5)))
  }

  func testToxicSpecJSONMatchesToxiproxy() throws {
    let json = #"{"type":"bandwidth","attributes":{"rate":100},"duration":500}"#
    let spec = try JSONDecoder().decode(ToxicSpec.self, from: Data(json.utf8))
    XCTAssertEqual(spec.stream, .downstream)
    XCTAssertEqual(spec.toxicity, 1)
    XCTAssertEqual(spec.durationMs, 500)
    XCTAssertEqual(spec.resolvedName, "bandwidth_downstream")
    XCTAssertThrowsError(try JSONDecoder().decode(ToxicSpec.self, from: Data(#"{"type":"x"}"#.utf8)))
  }

  func testSeededGeneratorRepeats() {
    var first = SeededGenerator(seed: 42)
    var second = SeededGenerator(seed: 42)
    XCTAssertEqual((0..<10).map { _ in first.next() }, (0..<10).map { _ in second.next() })
  }
}
