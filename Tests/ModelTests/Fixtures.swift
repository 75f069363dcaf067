// This target's fixtures (made by HF transformers, see ../shared/fixtures/README.md), found through
// TestSupport's locator.
import JSON
@testable import Model
import TestSupport

extension Fixtures {
  static var tiny: String { fixture("tiny-qwen2") }
  static var tinyBF16: String { fixture("tiny-qwen2-bf16") }

  nonisolated(unsafe) static var referenceCache: JSON?
  static func reference() throws -> JSON {
    if let r = referenceCache { return r }
    let r = try JSON.read(file: tiny + "/reference.json")
    referenceCache = r
    return r
  }

  static func ints(_ j: JSON?) -> [Int] { j?.array?.compactMap(\.int) ?? [] }
  static func floats(_ j: JSON?) -> [Float] { j?.array?.compactMap { $0.double.map(Float.init) } ?? [] }
}
