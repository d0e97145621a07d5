/// `reset_peer` {timeout ms}: resets the client's connection (TCP RST) `timeout` ms after the toxic
/// starts acting on the link. Unlike Toxiproxy the timer runs for idle links too, not only on data.
final class ResetPeerToxic: Toxic {
  let timeout: Double

  init(timeout: Int) { self.timeout = Double(timeout) }

  func attach(now: Double) -> [LinkAction] { [.reset(at: now + timeout)] }

  /// Data that arrives before the reset is held back, as Toxiproxy does.
  func transform(_ chunk: Chunk) -> ToxicOutput { ToxicOutput() }
}
