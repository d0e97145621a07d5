import Foundation

/// A tiny blocking Redis client: enough RESP for PING, SET, GET, DEL.
final class RESPClient {
  let socket: TestSocket
  private var buffer: [UInt8] = []
  private var position = 0
  private(set) var reads = 0

  init(port: UInt16, timeout: Double = 10) throws {
    socket = try TestSocket(port: port, timeout: timeout)
  }

  enum Reply: Equatable {
    case status(String)
    case error(String)
    case integer(Int)
    case bulk([UInt8]?)
  }

  static func encode(_ arguments: [[UInt8]]) -> [UInt8] {
    var out = Array("*\(arguments.count)\r\n".utf8)
    for argument in arguments {
      out += Array("$\(argument.count)\r\n".utf8) + argument + [13, 10]
    }
    return out
  }

  func command(_ arguments: [UInt8]...) throws -> Reply {
    try socket.write(Self.encode(arguments))
    return try reply()
  }

  func command(_ arguments: String...) throws -> Reply {
    try socket.write(Self.encode(arguments.map { Array($0.utf8) }))
    return try reply()
  }

  private func fill() throws {
    if position > 0, position == buffer.count {
      buffer.removeAll(keepingCapacity: true)
      position = 0
    }
    buffer += try socket.read(max: 1 << 20)
    reads += 1
  }

  private func line() throws -> String {
    while true {
      if let index = buffer[position...].firstIndex(of: 10), index > position, buffer[index - 1] == 13 {
        let text = String(decoding: buffer[position..<(index - 1)], as: UTF8.self)
        position = index + 1
        return text
      }
      try fill()
    }
  }

  func reply() throws -> Reply {
    let header = try line()
    let rest = String(header.dropFirst())
    switch header.first {
    case "+": return .status(rest)
    case "-": return .error(rest)
    case ":": return .integer(Int(rest) ?? 0)
    case "$":
      let length = Int(rest) ?? -1
      if length < 0 { return .bulk(nil) }
      while buffer.count - position < length + 2 { try fill() }
      let value = Array(buffer[position..<(position + length)])
      position += length + 2
      return .bulk(value)
    default:
      throw TestSocket.Failure.other(-1)
    }
  }
}
