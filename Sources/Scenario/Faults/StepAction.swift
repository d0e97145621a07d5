/// What a timeline step does: one ``Fault`` (a registered verb with its parameters).
public struct StepAction: Sendable, Equatable, CustomStringConvertible {
  public let fault: any Fault

  public init(_ fault: any Fault) {
    self.fault = fault
  }

  public var description: String { fault.description }

  public static func == (lhs: StepAction, rhs: StepAction) -> Bool {
    lhs.fault.isEqual(to: rhs.fault)
  }
}

extension Fault {
  func isEqual(to other: any Fault) -> Bool {
    (other as? Self) == self
  }
}
