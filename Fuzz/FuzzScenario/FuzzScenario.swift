import CFuzzDriver
import Foundation
import Harness
import Scenario

/// libFuzzer target: the `.scn` parser (with the harness's expectation kinds) on any bytes. It must return a model or located errors,
/// never crash or hang.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data else { return 0 }
  let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
  _ = try? ScenarioParser.parse(text: text, file: "fuzz.scn")
  return 0
}

/// SwiftPM links every executable's `main` to this; libFuzzer's driver takes over from here.
@main
enum FuzzScenarioMain {
  static func main() {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzScenario(data, size) })
  }
}
