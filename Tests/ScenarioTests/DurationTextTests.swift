import Harness
import XCTest

@testable import Scenario

final class DurationTextTests: XCTestCase {
  func testDurations() {
    let table: [(String, Double?)] = [
      ("250ms", 0.25), ("3s", 3), ("2m", 120), ("1.5s", 1.5), ("0s", 0), ("10us", 0.000_01), (" 4s ", 4),
      ("0.5m", 30), ("1000ms", 1),
      ("3", nil), ("s", nil), ("-3s", nil), ("3 s", nil), ("3h", 10_800), ("1e3s", nil), (".5s", nil),
      ("5.s", nil),
      ("3S", nil), ("3sec", nil), ("", nil), ("ms", nil), ("1.2.3s", nil), ("∞s", nil),
    ]
    for (text, expected) in table {
      let seconds = DurationText.seconds(text)
      if let expected, let seconds {
        XCTAssertEqual(seconds, expected, accuracy: 1e-12, "'\(text)'")
      } else {
        XCTAssertEqual(seconds, expected, "'\(text)'")
      }
    }
  }

  func testRates() {
    XCTAssertEqual(RateText.perSecond("50/s"), 50)
    XCTAssertEqual(RateText.perSecond("120/m"), 2)
    XCTAssertEqual(RateText.perSecond("0.5/s"), 0.5)
    XCTAssertNil(RateText.perSecond("50"))
    XCTAssertNil(RateText.perSecond("50/h"))
    XCTAssertNil(RateText.perSecond("-1/s"))
    XCTAssertEqual(RateText.kilobytesPerSecond("10KB/s"), 10)
    XCTAssertEqual(RateText.kilobytesPerSecond("2MB/s"), 2048)
    XCTAssertNil(RateText.kilobytesPerSecond("10kb/s"))
    XCTAssertNil(RateText.kilobytesPerSecond("10/s"))
  }

  func testDurationsInAFileKeepTheirLocation() throws {
    let text = "name: d\ndeadline: 90s\n"
    XCTAssertEqual(try ScenarioParser.parse(text: text, file: "d.scn").deadline, 90)
    XCTAssertThrowsError(try ScenarioParser.parse(text: "name: d\ndeadline: 1.5\n", file: "d.scn")) { error in
      XCTAssertEqual(
        (error as? ScenarioErrors)?.description,
        "d.scn:2:11: error: bad duration '1.5' for 'deadline'; expected a number with a unit: 250ms, 3s, 2m, 1.5s; "
          + "did you mean '1.5s'?")
    }
  }

  func testEditDistance() {
    XCTAssertEqual(KeySuggestion.editDistance("delya", "delay"), 1)
    XCTAssertEqual(KeySuggestion.editDistance("", "abc"), 3)
    XCTAssertEqual(KeySuggestion.editDistance("kitten", "sitting"), 3)
    XCTAssertEqual(KeySuggestion.closest(to: "proxys", among: ScenarioParser.topLevelKeys), "proxies")
    XCTAssertNil(KeySuggestion.closest(to: "zzzzzz", among: ScenarioParser.topLevelKeys))
  }
}
