import CFuzzDriver
import Foundation

@testable import ChaosProxy

/// libFuzzer target: the RESP decoder, requests and replies, the input fed whole and split in two
/// at its first byte's value; the events must not depend on the split.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRESP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  guard let data else { return 0 }
  let bytes = UnsafeRawBufferPointer(start: data, count: size)
  for requests in [true, false] {
    var whole = RESPDecoder(requests: requests)
    var wholeEvents: [TapEvent] = []
    whole.feed(bytes, into: &wholeEvents)
    let cut = size == 0 ? 0 : Int(bytes[0]) % (size + 1)
    var split = RESPDecoder(requests: requests)
    var splitEvents: [TapEvent] = []
    split.feed(UnsafeRawBufferPointer(rebasing: bytes[..<cut]), into: &splitEvents)
    split.feed(UnsafeRawBufferPointer(rebasing: bytes[cut...]), into: &splitEvents)
    if wholeEvents != splitEvents { fatalError("RESP events depend on the split at \(cut)") }
  }
  return 0
}

/// SwiftPM links every executable's `main` to this; libFuzzer's driver takes over from here.
@main
enum FuzzRESPMain {
  static func main() {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzRESP(data, size) })
  }
}
