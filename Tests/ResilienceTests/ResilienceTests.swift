import XCTest

@testable import Resilience
