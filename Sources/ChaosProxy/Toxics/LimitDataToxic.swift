/// `limit_data` {bytes}: lets `bytes` bytes through in its direction, then closes the link.
/// `bytes: 0` closes at the first byte, as in Toxiproxy.
final class LimitDataToxic: Toxic {
  let limit: Int
  private(set) var passed = 0

  init(bytes: Int) { limit = bytes }

  func transform(_ chunk: Chunk) -> ToxicOutput {
    let remaining = limit - passed
    if remaining <= 0 { return ToxicOutput(actions: [.close(at: chunk.at)]) }
    if chunk.bytes.count < remaining {
      passed += chunk.bytes.count
      return ToxicOutput(chunks: [chunk])
    }
    passed = limit
    return ToxicOutput(
      chunks: [Chunk(bytes: Array(chunk.bytes.prefix(remaining)), at: chunk.at)],
      actions: [.close(at: chunk.at)])
  }
}
