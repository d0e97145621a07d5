import Foundation

/// Where `chaos-worker` is: given explicitly, or next to the running executable (`chaos`, or the
/// test runner in `.build/debug`).
public enum WorkerBinary {
  public static let name = "chaos-worker"

  public static func locate(override: String? = nil) throws -> String {
    if let override {
      guard FileManager.default.isExecutableFile(atPath: override) else {
        throw HarnessError.couldNotRun("worker binary \(override) is not an executable file")
      }
      return override
    }
    let executable =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments.first ?? ""
    let directory = (executable as NSString).deletingLastPathComponent
    let candidate = "\(directory)/\(name)"
    guard FileManager.default.isExecutableFile(atPath: candidate) else {
      throw HarnessError.couldNotRun(
        "\(name) not found next to \(executable) (build it: swift build --product \(name), or pass --worker-binary)"
      )
    }
    return candidate
  }
}
