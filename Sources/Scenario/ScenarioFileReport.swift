/// What `chaos validate` and `chaos list` print, computed without printing so tests can check it.
public struct ScenarioFileReport: Sendable, Equatable {
  /// One line of output, for stdout or (errors) stderr.
  public struct Line: Sendable, Equatable {
    public var text: String
    public var isError: Bool
  }

  public var lines: [Line] = []
  /// Every file was found and is a valid scenario.
  public var allValid = true

  /// `ok: FILE` per valid file, every error of every invalid one.
  /// `runProblems` adds what only the harness knows a run would refuse (a program that is not there).
  public static func validate(
    paths: [String], expectationKinds: ExpectationKinds,
    runProblems: (ScenarioModel) -> [String] = { _ in [] }
  ) -> ScenarioFileReport {
    var report = ScenarioFileReport()
    var refused = false
    _ = report.readScenarios(paths, expectationKinds) { file, model in
      let problems = runProblems(model)
      if problems.isEmpty { return Line(text: "ok: \(file)", isError: false) }
      refused = true
      return Line(text: problems.joined(separator: "\n"), isError: true)
    }
    if refused { report.allValid = false }
    return report
  }

  /// `NAME  ABOUT  (FILE)` per valid file, names aligned; errors for invalid ones.
  public static func list(paths: [String], expectationKinds: ExpectationKinds) -> ScenarioFileReport {
    var report = ScenarioFileReport()
    let found = report.readScenarios(paths, expectationKinds) { _, _ in nil }
    let width = found.map(\.model.name.count).max() ?? 0
    let listed = found.map { file, model in
      let padded = model.name.padding(toLength: width, withPad: " ", startingAt: 0)
      let about = model.about.split(whereSeparator: \.isNewline).joined(separator: " ")
      return Line(text: "\(padded)  \(about.isEmpty ? "-" : about)  (\(file))", isError: false)
    }
    report.lines += listed
    return report
  }

  /// The valid scenarios; errors of the others are added to `lines`.
  /// `line` gives the output line of a valid file, in file order among the errors.
  private mutating func readScenarios(
    _ paths: [String], _ expectationKinds: ExpectationKinds, line: (String, ScenarioModel) -> Line?
  ) -> [(file: String, model: ScenarioModel)] {
    var found: [(file: String, model: ScenarioModel)] = []
    let (files, problems) = ScenarioFiles.expand(paths)
    for problem in problems { lines.append(Line(text: problem, isError: true)) }
    if !problems.isEmpty { allValid = false }
    for file in files {
      do {
        let model = try ScenarioParser.parse(contentsOf: file, expectationKinds: expectationKinds)
        found.append((file, model))
        if let output = line(file, model) { lines.append(output) }
      } catch let errors as ScenarioErrors {
        allValid = false
        lines += errors.errors.map { Line(text: $0.description, isError: true) }
      } catch {
        allValid = false
        lines.append(Line(text: "\(file): error: \(error)", isError: true))
      }
    }
    return found
  }
}
