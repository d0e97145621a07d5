import Pipeline
import XCTest

final class FeedPlanTests: XCTestCase {
  func testThePlanIsReproducibleFromTheSeed() {
    let first = FeedPlan(count: 50, rate: 100, seed: 42)
    XCTAssertEqual(first, FeedPlan(count: 50, rate: 100, seed: 42))
    XCTAssertNotEqual(
      first.entries.map(\.document), FeedPlan(count: 50, rate: 100, seed: 43).entries.map(\.document))
    XCTAssertEqual(Set(first.entries.map(\.document)), Set((1...50).map { DocumentID.make($0) }))
    let offsets = first.entries.map(\.offset)
    XCTAssertEqual(offsets, offsets.sorted())
    XCTAssertEqual(offsets[0], 0)
    // 49 gaps averaging 1/100 s, each between 0.5 and 1.5 of it.
    XCTAssertEqual(offsets.last ?? 0, 0.49, accuracy: 0.12)
    XCTAssertTrue(zip(offsets, offsets.dropFirst()).allSatisfy { $1 - $0 >= 0.005 && $1 - $0 <= 0.015 })
  }

  /// The plan the harness's in-process feeder drew before the feed became `chaos-worker feed`
  /// (redis-restart.scn: 300 at 10/s, seed 42): a soak or a scenario replayed with its seed feeds
  /// the same documents at the same moments as before.
  func testTheSeedDrawsThePlanTheInProcessFeederDrew() {
    let plan = FeedPlan(count: 300, rate: 10, seed: 42)
    XCTAssertEqual(
      plan.entries.prefix(4).map(\.document), ["doc-000223", "doc-000049", "doc-000086", "doc-000106"])
    XCTAssertEqual(plan.entries[1].offset, 0.0689406763153926, accuracy: 1e-12)
    XCTAssertEqual(plan.entries.last?.document, "doc-000094")
    XCTAssertEqual(plan.entries.last?.offset ?? 0, 29.218034996426777, accuracy: 1e-9)
    // The rate reaches the command as text: the same number comes back.
    XCTAssertEqual(FeedPlan(count: 300, rate: Double(String(10.0)), seed: 42), plan)
  }

  func testWithoutARateEverythingIsDueAtOnceAndNoJobsMeansNoPlan() {
    XCTAssertTrue(FeedPlan(count: 5, rate: nil, seed: 1).entries.allSatisfy { $0.offset == 0 })
    XCTAssertTrue(FeedPlan(count: 5, rate: 0, seed: 1).entries.allSatisfy { $0.offset == 0 })
    XCTAssertEqual(FeedPlan(count: 0, rate: 5, seed: 1).entries, [])
    XCTAssertEqual(
      Set(FeedPlan(count: 3, rate: nil, seed: 1, first: 8).entries.map(\.document)),
      ["doc-000008", "doc-000009", "doc-000010"])
  }
}
