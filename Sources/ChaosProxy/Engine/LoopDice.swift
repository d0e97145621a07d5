import SeededRandom

/// The seeded draws of one loop thread: toxicity decisions per link and the seeds of its toxics
/// (jitter, slice sizes). Loop-confined. The first loop draws from the engine's seed itself, so one
/// loop repeats exactly what a seed gave before loops were many; each further loop has its own
/// generator, seeded from the engine's seed and its index.
final class LoopDice {
  private var generator: SeededGenerator

  init(seed: UInt64, loopIndex: Int) {
    if loopIndex == 0 {
      generator = SeededGenerator(seed: seed)
    } else {
      var mixer = SeededGenerator(seed: seed ^ (0xD1B5_4A32_D192_ED03 &* UInt64(loopIndex)))
      generator = SeededGenerator(seed: mixer.next())
    }
  }

  /// Draws whether a toxic with this toxicity acts on one connection.
  func decide(_ toxicity: Double) -> Bool {
    if toxicity >= 1 { return true }
    if toxicity <= 0 { return false }
    return generator.unit() < toxicity
  }

  func nextSeed() -> UInt64 { generator.next() }
}
