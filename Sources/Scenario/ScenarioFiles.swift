import Foundation

/// Turns command-line paths into scenario files: a file is taken as is, a directory gives its
/// `.scn` files (not recursive), sorted by name.
public enum ScenarioFiles {
  public static func expand(_ paths: [String]) -> (files: [String], problems: [String]) {
    var files: [String] = []
    var problems: [String] = []
    let manager = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
        problems.append("\(path): error: \(PathProblem.reason(path))")
        continue
      }
      guard isDirectory.boolValue else {
        files.append(path)
        continue
      }
      guard let names = try? manager.contentsOfDirectory(atPath: path) else {
        problems.append("\(path): error: the directory cannot be read")
        continue
      }
      let scenarios = names.filter { $0.hasSuffix(".scn") }.sorted()
      if scenarios.isEmpty { problems.append("\(path): error: no .scn files in this directory") }
      let base = path.hasSuffix("/") ? path : path + "/"
      files += scenarios.map { base + $0 }
    }
    return (files, problems)
  }
}
