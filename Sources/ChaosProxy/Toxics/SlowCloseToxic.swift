/// `slow_close` {delay ms}: when the source closes, the link waits `delay` ms before closing.
final class SlowCloseToxic: Toxic {
  let delay: Double

  init(delay: Int) { self.delay = Double(delay) }

  var closeDelay: Double { delay }
}
