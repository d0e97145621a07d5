import SeededRandom

/// `latency` {latency ms, jitter ms}: every chunk is delayed by latency ± jitter, order kept.
final class LatencyToxic: Toxic {
  let latency: Double
  let jitter: Double
  private var generator: SeededGenerator
  private var lastAt = -Double.infinity

  init(latency: Int, jitter: Int, seed: UInt64) {
    self.latency = Double(latency)
    self.jitter = Double(jitter)
    generator = SeededGenerator(seed: seed)
  }

  func transform(_ chunk: Chunk) -> ToxicOutput {
    var delay = latency
    if jitter > 0 { delay += (generator.unit() * 2 - 1) * jitter }
    // Jitter never reorders: a chunk leaves no earlier than the one before it.
    let at = max(chunk.at + max(delay, 0), lastAt)
    lastAt = at
    return ToxicOutput(chunks: [Chunk(bytes: chunk.bytes, at: at)])
  }
}
