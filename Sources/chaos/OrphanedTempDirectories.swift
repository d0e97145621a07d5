import LocalServices
import ProcessLifecycle

/// Before a run: the temp dirs of chaos processes that were killed (SIGKILL, OOM killer) and could
/// not clean up are removed, each named on stderr. Their servers and workers died with them.
enum OrphanedTempDirectories {
  static func remove() {
    for orphan in TemporaryDirectory.removeOrphans() {
      StandardStream.error.line(
        "removed \(orphan.path), left by chaos process \(orphan.owner) that was killed")
    }
  }
}
