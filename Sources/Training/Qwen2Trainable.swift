// The Qwen2 model behind the `TrainableModel` protocol: weighted next-token cross-entropy through the
// model's forward/backward, AdamW with fp32 masters through the model's `Qwen2Optimizer` (no decay
// on biases and norm weights), HF-layout checkpoints, optimizer state for an exact resume.
import JSON
import Kernels
import Model

public final class Qwen2Trainable: TrainableModel {
  public let model: Qwen2Model
  public let optimizer: Qwen2Optimizer
  /// Copied into every saved checkpoint (tokenizer.json, tokenizer_config.json...).
  public var tokenizerDirectory: String?
  /// Storage dtype of saved checkpoints (nil: the model's).
  public var saveDType: WeightDType?

  public init(model: Qwen2Model, optim: OptimConfig, tokenizerDirectory: String?, saveDType: WeightDType? = nil) {
    self.model = model
    optimizer = Qwen2Optimizer(model: model, hyper: AdamWHyper(
      lr: Float(optim.schedule.peak), beta1: Float(optim.beta1), beta2: Float(optim.beta2),
      eps: Float(optim.eps), weightDecay: Float(optim.weightDecay)))
    self.tokenizerDirectory = tokenizerDirectory
    self.saveDType = saveDType
  }

  public var vocabSize: Int { model.config.vocabSize }

  /// The model's batch and its per-position weights: `batch.weights[t]` weighs predicting token t,
  /// the model's weight at position t - 1 (whose target is token t).
  func convert(_ b: WeightedBatch, scale: Float) -> (TokenBatch, [Int32], [Float]) {
    let seqs = (0..<b.rows).map { r in (0..<b.lengths[r]).map { Int(b.tokens[r * b.length + $0]) } }
    let tb = TokenBatch.padded(seqs, T: b.length, padId: 0)  // padding is its own segment: any valid id
    let targets = tb.nextTokenTargets()
    var w = [Float](repeating: 0, count: tb.N)
    for r in 0..<b.rows {
      for t in 1..<max(b.lengths[r], 1) { w[r * b.length + t - 1] = b.weights[r * b.length + t] * scale }
    }
    return (tb, targets, w)
  }

  public func accumulateGradients(_ batch: WeightedBatch, scale: Float) throws -> Double {
    let (tb, targets, w) = convert(batch, scale: 1)
    let r = model.forward(tb, targets: targets)
    var loss = 0.0
    for n in 0..<tb.N where targets[n] >= 0 && w[n] != 0 { loss -= Double(w[n]) * Double(r.logprobs[n]) }
    model.backward(dlogprobs: (0..<tb.N).map { targets[$0] >= 0 ? -w[$0] * scale : 0 })
    return loss
  }

  public func loss(_ batch: WeightedBatch) throws -> Double {
    let (tb, targets, w) = convert(batch, scale: 1)
    let r = model.forward(tb, targets: targets)
    var loss = 0.0
    for n in 0..<tb.N where targets[n] >= 0 && w[n] != 0 { loss -= Double(w[n]) * Double(r.logprobs[n]) }
    return loss
  }

  public func zeroGradients() { model.zeroGradients() }
  public func gradientNorm() -> Double {
    GradClip.globalNorm(model.parameters.map { (UnsafePointer($0.grad!.floats), $0.count) })
  }

  public func optimizerStep(lr: Double, gradScale: Float) {
    if gradScale != 1 {
      for p in model.parameters {
        let g = p.grad!.floats
        for i in 0..<p.count { g[i] *= gradScale }
      }
    }
    optimizer.update(lr: Float(lr))  // also zeroes the gradients
  }

  public func saveModel(to dir: String) throws {
    try model.save(directory: dir, dtype: saveDType, tokenizerDirectory: tokenizerDirectory)
  }
  public func saveOptimizer(to dir: String) throws { try optimizer.save(to: dir + "/optimizer.safetensors") }
  public func loadOptimizer(from dir: String) throws { try optimizer.load(from: dir + "/optimizer.safetensors") }

  /// fp32 values of every parameter (masters of 16-bit weights, from the optimizer's state).
  public func parameterValues() -> [(name: String, values: [Float])] {
    optimizer.stateTensors().filter { $0.name.hasPrefix("master/") }.map { t in
      let n = t.shape.reduce(1, *)
      var vals = [Float](repeating: 0, count: n)
      vals.withUnsafeMutableBufferPointer { t.fill($0.baseAddress!) }
      return (String(t.name.dropFirst(7)), vals)
    }
  }
}
