import XCTest

@testable import ChaosProxy
