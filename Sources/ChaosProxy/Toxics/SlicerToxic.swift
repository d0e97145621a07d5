import SeededRandom

/// `slicer` {average_size bytes, size_variation bytes, delay µs}: cuts every chunk into small
/// slices of average_size ± size_variation bytes, each `delay` µs after the previous one.
final class SlicerToxic: Toxic {
  let averageSize: Int
  let sizeVariation: Int
  let delayMs: Double
  private var generator: SeededGenerator
  private var lastAt = -Double.infinity

  init(averageSize: Int, sizeVariation: Int, delayMicroseconds: Int, seed: UInt64) {
    self.averageSize = averageSize
    self.sizeVariation = min(sizeVariation, max(averageSize - 1, 0))
    delayMs = Double(delayMicroseconds) / 1000
    generator = SeededGenerator(seed: seed)
  }

  func transform(_ chunk: Chunk) -> ToxicOutput {
    guard averageSize > 0 else { return ToxicOutput(chunks: [chunk]) }
    var output = ToxicOutput()
    var at = max(chunk.at, lastAt)
    var offset = 0
    while offset < chunk.bytes.count {
      var size = averageSize
      if sizeVariation > 0 {
        size += Int(generator.next() % UInt64(2 * sizeVariation + 1)) - sizeVariation
      }
      let end = min(offset + max(size, 1), chunk.bytes.count)
      output.chunks.append(Chunk(bytes: Array(chunk.bytes[offset..<end]), at: at))
      at += delayMs
      offset = end
    }
    lastAt = at
    return output
  }
}
