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

extension Qwen2Model {
  /// The tests' weighted next-token cross-entropy (loss = sum_n weights[n] * -log p(targets[n]),
  /// model layout), with its gradient accumulated: the loss the PyTorch references were made with.
  /// The training stages use Training's copy (`TrainableModel.accumulateGradients`).
  @discardableResult
  func crossEntropyStep(_ batch: TokenBatch, targets: [Int32], weights: [Float]) -> Double {
    precondition(weights.count == batch.N, "crossEntropyStep: \(weights.count) weights for N=\(batch.N)")
    let r = forward(batch, targets: targets)
    var loss = 0.0
    for n in 0..<batch.N where targets[n] >= 0 { loss -= Double(weights[n]) * Double(r.logprobs[n]) }
    backward(dlogprobs: weights.enumerated().map { targets[$0.offset] >= 0 ? -$0.element : 0 })
    return loss
  }
}
