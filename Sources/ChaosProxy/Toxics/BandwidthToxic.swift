/// `bandwidth` {rate KB/s}: bytes leave no faster than the rate. Large chunks are cut into slices
/// of about 20 ms worth, so the reader sees a steady trickle rather than bursts. Rate 0 = no limit.
final class BandwidthToxic: Toxic {
  /// Bytes per millisecond.
  let bytesPerMs: Double
  private var busyUntil = -Double.infinity

  init(rateKBps: Int) {
    bytesPerMs = Double(rateKBps) * 1024 / 1000
  }

  func transform(_ chunk: Chunk) -> ToxicOutput {
    guard bytesPerMs > 0 else { return ToxicOutput(chunks: [chunk]) }
    let slice = max(Int(bytesPerMs * 20), 1)
    var output = ToxicOutput()
    var start = max(chunk.at, busyUntil)
    var offset = 0
    while offset < chunk.bytes.count {
      let end = min(offset + slice, chunk.bytes.count)
      start += Double(end - offset) / bytesPerMs
      output.chunks.append(Chunk(bytes: Array(chunk.bytes[offset..<end]), at: start))
      offset = end
    }
    busyUntil = start
    return output
  }
}
