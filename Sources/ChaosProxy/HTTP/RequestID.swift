import Foundation

/// The `X-Toxiproxy-Request-Id` every answer carries: 20 characters of base32hex (`0-9a-v`), as
/// Toxiproxy's ids are — seconds, process id and a counter, so ids are unique within a process
/// and sort by time. Loop-confined (only the HTTP server calls it).
struct RequestID {
  private var counter: UInt32 = UInt32.random(in: 0...UInt32.max)
  private let process = UInt32(truncatingIfNeeded: ProcessInfo.processInfo.processIdentifier)

  mutating func next() -> String {
    counter &+= 1
    let seconds = UInt32(truncatingIfNeeded: Int(Date().timeIntervalSince1970))
    var bytes: [UInt8] = []
    for value in [seconds, process, counter] {
      bytes += [
        UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF),
      ]
    }
    return Self.base32hex(bytes)
  }

  private static let alphabet = Array("0123456789abcdefghijklmnopqrstuv")

  /// 12 bytes → 20 characters, 5 bits each (the last character carries the remaining bits).
  static func base32hex(_ bytes: [UInt8]) -> String {
    var out = ""
    var buffer = 0
    var bits = 0
    for byte in bytes {
      buffer = (buffer << 8) | Int(byte)
      bits += 8
      while bits >= 5 {
        bits -= 5
        out.append(alphabet[(buffer >> bits) & 31])
      }
    }
    if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
    return out
  }
}
