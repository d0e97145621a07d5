import Foundation
import XCTest
import Yams

/// ci-examples/: each job installs, runs the suite with --junit and publishes that very file.
final class CIExamplesTests: XCTestCase {
  private func load(_ name: String) throws -> (text: String, yaml: [String: Any]) {
    let text = try String(contentsOfFile: "\(RepositoryFiles.root)/ci-examples/\(name)", encoding: .utf8)
    return (text, try XCTUnwrap(try Yams.load(yaml: text) as? [String: Any], name))
  }

  func testGitHubActionsPublishesTheJUnitFileTheSuiteWrites() throws {
    let (_, yaml) = try load("github-actions.yml")
    let jobs = try XCTUnwrap(yaml["jobs"] as? [String: Any])
    let steps = try XCTUnwrap((jobs["outage-suite"] as? [String: Any])?["steps"] as? [[String: Any]])
    let commands = steps.compactMap { $0["run"] as? String }.joined(separator: "\n")
    XCTAssertTrue(commands.contains("scripts/install-deps.sh"))
    XCTAssertTrue(commands.contains("chaos run scenarios/ --junit out/suite.xml"))
    let published = steps.compactMap { ($0["with"] as? [String: Any])?["report_paths"] as? String }
    XCTAssertEqual(published, ["out/suite.xml"])
  }

  func testGitLabPublishesTheJUnitFileTheSuiteWrites() throws {
    let (_, yaml) = try load("gitlab-ci.yml")
    let job = try XCTUnwrap(yaml["outage-suite"] as? [String: Any])
    let script = try XCTUnwrap(job["script"] as? [String]).joined(separator: "\n")
    XCTAssertTrue(script.contains("scripts/install-deps.sh"))
    XCTAssertTrue(script.contains("chaos run scenarios/ --junit out/suite.xml"))
    let reports = (job["artifacts"] as? [String: Any])?["reports"] as? [String: Any]
    XCTAssertEqual(reports?["junit"] as? String, "out/suite.xml")
  }

  func testGitHubActionsShardsTheSuiteOverAMatrixAndMergesTheJUnitFiles() throws {
    let (_, yaml) = try load("github-actions-sharded.yml")
    let jobs = try XCTUnwrap(yaml["jobs"] as? [String: Any])
    let suite = try XCTUnwrap(jobs["outage-suite"] as? [String: Any])
    let matrix = (suite["strategy"] as? [String: Any])?["matrix"] as? [String: Any]
    XCTAssertEqual(matrix?["shard"] as? [Int], [1, 2])
    let steps = try XCTUnwrap(suite["steps"] as? [[String: Any]])
    let commands = steps.compactMap { $0["run"] as? String }.joined(separator: "\n")
    XCTAssertTrue(
      commands.contains(
        "chaos run scenarios/ --shard ${{ matrix.shard }}/2 --timings scenarios/timings.json"
          + " --junit out/suite-${{ matrix.shard }}.xml"), commands)
    let merge = try XCTUnwrap(jobs["junit"] as? [String: Any])
    XCTAssertEqual(merge["needs"] as? String, "outage-suite")
    let mergeSteps = try XCTUnwrap(merge["steps"] as? [[String: Any]])
    XCTAssertTrue(
      mergeSteps.compactMap { $0["run"] as? String }.joined().contains(
        "chaos junit merge out/suite-1.xml out/suite-2.xml -o out/suite.xml"))
    let published = mergeSteps.compactMap { ($0["with"] as? [String: Any])?["report_paths"] as? String }
    XCTAssertEqual(published, ["out/suite.xml"])
  }

  func testGitLabShardsTheSuiteWithParallelAndMergesTheJUnitFiles() throws {
    let (_, yaml) = try load("gitlab-ci-sharded.yml")
    let suite = try XCTUnwrap(yaml["outage-suite"] as? [String: Any])
    XCTAssertEqual(suite["parallel"] as? Int, 2)
    let script = try XCTUnwrap(suite["script"] as? [String]).joined(separator: "\n")
    XCTAssertTrue(
      script.contains(
        "chaos run scenarios/ --shard ${CI_NODE_INDEX}/${CI_NODE_TOTAL} --timings scenarios/timings.json"
          + " --junit out/suite-${CI_NODE_INDEX}.xml"), script)
    let merge = try XCTUnwrap(yaml["junit"] as? [String: Any])
    XCTAssertEqual(merge["needs"] as? [String], ["outage-suite"])
    let mergeScript = try XCTUnwrap(merge["script"] as? [String]).joined(separator: "\n")
    XCTAssertTrue(mergeScript.contains("chaos junit merge out/suite-*.xml -o out/suite.xml"))
    let reports = (merge["artifacts"] as? [String: Any])?["reports"] as? [String: Any]
    XCTAssertEqual(reports?["junit"] as? String, "out/suite.xml")
  }
}
