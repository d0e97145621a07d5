// The ChaosProxy module; see README.md for what it holds.
