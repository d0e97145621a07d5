import XCTest

@testable import Harness
