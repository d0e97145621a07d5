import XCTest

/// A test class whose tests share one ``PipelineStack`` (booted once for the class; each test uses
/// its own key prefix, hence its own queues).
class PipelineStackTestCase: XCTestCase {
  nonisolated(unsafe) static var stack: PipelineStack?

  override class func setUp() {
    super.setUp()
    do {
      let stack = try PipelineStack()
      try stack.start()
      Self.stack = stack
    } catch {
      print("pipeline stack failed to start: \(error)")
    }
  }

  override class func tearDown() {
    stack?.stop()
    stack = nil
    super.tearDown()
  }

  func requireStack() throws -> PipelineStack {
    try XCTUnwrap(Self.stack, "redis-server and rabbitmq-server must start")
  }
}
