/// `noop` {}: passes every chunk as it is (Toxiproxy's `noop` type, accepted by its API).
final class NoopToxic: Toxic {}
