/// One entry of `expect:`: a claim of one of the parser's ``ExpectationKinds``, and where it is.
public struct Expectation: Sendable, Equatable {
  public var kind: any ExpectationClaim
  public var location: SourceLocation

  public init(kind: any ExpectationClaim, location: SourceLocation) {
    self.kind = kind
    self.location = location
  }

  public static func == (lhs: Expectation, rhs: Expectation) -> Bool {
    lhs.location == rhs.location && lhs.kind.isSame(as: rhs.kind)
  }
}

/// A text to find in the workers' logs: plain (substring of `msg`) or `/regex/`.
public enum LogPattern: Sendable, Equatable, CustomStringConvertible {
  case text(String)
  case regex(String)

  public var description: String {
    switch self {
    case .text(let text): return text
    case .regex(let pattern): return "/\(pattern)/"
    }
  }
}

/// `count: ">= 1"`, `count: 0`, `count: "< 5"`.
public struct CountComparison: Sendable, Equatable, CustomStringConvertible {
  public enum Operator: String, Sendable, Equatable, CaseIterable {
    case equal = "==", atLeast = ">=", atMost = "<=", more = ">", less = "<"
  }
  public var op: Operator
  public var value: Int

  public init(_ op: Operator, _ value: Int) {
    self.op = op
    self.value = value
  }

  public func holds(_ count: Int) -> Bool { holds(value: Double(count)) }

  /// The comparison on a metric's value, which need not be whole.
  public func holds(value number: Double) -> Bool {
    let bound = Double(value)
    switch op {
    case .equal: return number == bound
    case .atLeast: return number >= bound
    case .atMost: return number <= bound
    case .more: return number > bound
    case .less: return number < bound
    }
  }

  public var description: String { "\(op.rawValue) \(value)" }
}

/// A point a log line must come before or after: another log line, or a time after the workload start.
public enum LogAnchor: Sendable, Equatable {
  case message(LogPattern)
  case time(Double)
}

/// `log: Redis reconnection successful`, `from: downloader`, `count: ">= 1"`, `after: 5s`,
/// `before: <other message>`, `within: 10s`.
public struct LogExpectation: Sendable, Equatable {
  public var pattern: LogPattern
  public var from: String?
  /// Default `>= 1`.
  public var count: CountComparison
  public var before: LogAnchor?
  public var after: LogAnchor?
  /// The first match must come within this many seconds of the `after` anchor (or of the workload start).
  public var within: Double?

  public init(
    pattern: LogPattern, from: String? = nil, count: CountComparison = CountComparison(.atLeast, 1),
    before: LogAnchor? = nil, after: LogAnchor? = nil, within: Double? = nil
  ) {
    self.pattern = pattern
    self.from = from
    self.count = count
    self.before = before
    self.after = after
    self.within = within
  }

  /// The patterns of the `after` and `before` anchors that are log messages (not times).
  public var messageAnchors: [LogPattern] {
    [after, before].compactMap { anchor in
      if case .message(let pattern)? = anchor { return pattern }
      return nil
    }
  }
}
