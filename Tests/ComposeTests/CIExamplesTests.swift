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
}
