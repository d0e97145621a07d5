/// The version `chaos --version` prints and `make dist` names its tarball after (`make version`).
enum ChaosVersion {
  static let text = "0.16.0"
}
