import Foundation

/// Something that can be sent to Redis as one bulk-string argument.
public protocol RedisArgument {
  var redisBytes: [UInt8] { get }
}

extension String: RedisArgument {
  public var redisBytes: [UInt8] { Array(utf8) }
}

extension Substring: RedisArgument {
  public var redisBytes: [UInt8] { Array(utf8) }
}

extension Array: RedisArgument where Element == UInt8 {
  public var redisBytes: [UInt8] { self }
}

extension Data: RedisArgument {
  public var redisBytes: [UInt8] { [UInt8](self) }
}

extension Int: RedisArgument {
  public var redisBytes: [UInt8] { Array(String(self).utf8) }
}

extension Double: RedisArgument {
  public var redisBytes: [UInt8] { Array(String(self).utf8) }
}
