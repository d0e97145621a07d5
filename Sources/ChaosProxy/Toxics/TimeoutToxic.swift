/// `timeout` {timeout ms}: swallows every byte; closes the link after `timeout` ms from when it
/// starts acting. 0 = hang until the toxic is removed; removing it closes the link.
final class TimeoutToxic: Toxic {
  let timeout: Double

  init(timeout: Int) { self.timeout = Double(timeout) }

  func attach(now: Double) -> [LinkAction] {
    timeout > 0 ? [.close(at: now + timeout)] : []
  }

  func transform(_ chunk: Chunk) -> ToxicOutput { ToxicOutput() }

  var closesOnRemoval: Bool { true }
}
