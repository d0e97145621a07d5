/// One direction of one link with toxics: the chain of active toxics and the chunks waiting for
/// their time. Pure logic: the link wrapper pushes what it reads and delivers what is due.
///
/// With no toxic and nothing pending the pipe is a passthrough, and the wrapper moves bytes
/// buffer-to-buffer without copying.
final class ToxicPipe {
  struct Entry {
    var name: String
    var spec: ToxicSpec
    var toxic: any Toxic
  }

  private(set) var chain: [Entry] = []
  private var pending: [Chunk] = []
  private var head = 0
  private var lastAt = -Double.infinity
  private(set) var pendingBytes = 0

  var isPassthrough: Bool { chain.isEmpty && head == pending.count }
  var hasPending: Bool { head < pending.count }
  /// When the first waiting chunk is due.
  var nextDue: Double? { hasPending ? pending[head].at : nil }
  /// slow_close: the longest close delay in the chain.
  var closeDelay: Double { chain.map { $0.toxic.closeDelay }.max() ?? 0 }

  /// Whether some toxic of the chain shapes one command only (`match`).
  var hasMatch: Bool { chain.contains { $0.spec.match != nil } }

  /// Runs `bytes`, read at `now`, through the chain and queues what comes out. `command` is the
  /// RESP command the bytes belong to, if known: toxics with a `match` act only on theirs.
  func push(_ bytes: [UInt8], now: Double, command: String? = nil) -> [LinkAction] {
    var chunks = [Chunk(bytes: bytes, at: now)]
    var actions: [LinkAction] = []
    for entry in chain where entry.spec.match == nil || entry.spec.match == command {
      var next: [Chunk] = []
      for chunk in chunks {
        let output = entry.toxic.transform(chunk)
        next += output.chunks
        actions += output.actions
      }
      chunks = next
    }
    for chunk in chunks where !chunk.bytes.isEmpty {
      // Order is kept: nothing leaves before what was queued earlier.
      let at = max(chunk.at, lastAt)
      lastAt = at
      pending.append(Chunk(bytes: chunk.bytes, at: at))
      pendingBytes += chunk.bytes.count
    }
    return actions
  }

  /// Removes and returns the chunks due at `now` (with 1 ms of slack for timer granularity).
  func takeDue(now: Double) -> [[UInt8]] {
    var due: [[UInt8]] = []
    while head < pending.count, pending[head].at <= now + 1 {
      due.append(pending[head].bytes)
      pendingBytes -= pending[head].bytes.count
      head += 1
    }
    compact()
    return due
  }

  /// Removes and returns everything waiting, due or not.
  func takeAll() -> [[UInt8]] { takeDue(now: .infinity) }

  private func compact() {
    if head == pending.count {
      pending.removeAll(keepingCapacity: true)
      head = 0
    } else if head > 1024, head * 2 > pending.count {
      pending.removeFirst(head)
      head = 0
    }
  }

  /// Replaces the chain. Toxics whose spec did not change keep their state; new ones are built
  /// with `make`. Returns the new entries (to attach) and the removed ones (to detach).
  func setChain(_ specs: [ToxicSpec], make: (ToxicSpec) -> any Toxic) -> (added: [Entry], removed: [Entry]) {
    var old = Dictionary(uniqueKeysWithValues: chain.map { ($0.name, $0) })
    var added: [Entry] = []
    var next: [Entry] = []
    for spec in specs {
      let name = spec.resolvedName
      if let existing = old.removeValue(forKey: name), existing.spec == spec {
        next.append(existing)
      } else {
        let entry = Entry(name: name, spec: spec, toxic: make(spec))
        added.append(entry)
        next.append(entry)
        // An updated toxic is removed and added again.
        if let replaced = chain.first(where: { $0.name == name }) { old[name] = replaced }
      }
    }
    chain = next
    return (added, Array(old.values))
  }
}
