import CFuzzDriver
import Foundation

@testable import ChaosProxy

/// libFuzzer target: the API's request bodies — a proxy, a `/populate` list, a toxic, a proxy
/// update — decoded from any bytes: a value or an error, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAPIRequest(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data else { return 0 }
  let body = Data(bytes: data, count: size)
  let decoder = JSONDecoder()
  _ = try? decoder.decode(ProxySpec.self, from: body)
  _ = try? decoder.decode([ProxySpec].self, from: body)
  _ = try? decoder.decode(ToxicSpec.self, from: body)
  _ = try? decoder.decode(ProxyUpdate.self, from: body)
  if let toxic = try? decoder.decode(ToxicSpec.self, from: body),
    let normal = try? ToxicCatalog.normalized(toxic)
  {
    _ = ToxicCatalog.make(normal, seed: 1)
  }
  return 0
}

/// SwiftPM links every executable's `main` to this; libFuzzer's driver takes over from here.
@main
enum FuzzAPIRequestMain {
  static func main() {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzAPIRequest(data, size) })
  }
}
