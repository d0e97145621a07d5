import Scenario

/// An expectation's claim compared by kind and values (``ExpectationClaim/isSame(as:)``), so that
/// `XCTAssertEqual` can hold parsed claims to the checkers a test builds.
struct SameClaim: Equatable, CustomStringConvertible {
  let claim: any ExpectationClaim

  init(_ claim: any ExpectationClaim) {
    self.claim = claim
  }

  init(_ expectation: Expectation) {
    claim = expectation.kind
  }

  static func == (lhs: SameClaim, rhs: SameClaim) -> Bool { lhs.claim.isSame(as: rhs.claim) }

  var description: String { "\(type(of: claim))(\(claim))" }
}

extension Sequence where Element == Expectation {
  var claims: [SameClaim] { map(SameClaim.init) }
}
