// The Pipeline module; see README.md for what it holds.
