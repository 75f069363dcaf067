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

  /// Moves per-position values of the model (position t - 1) to the batch layout (token t).
  static func toTokenLayout(_ v: [Float], _ b: WeightedBatch) -> [Float] {
    var out = [Float](repeating: 0, count: v.count)
    for r in 0..<b.rows where b.lengths[r] > 1 {
      for t in 1..<b.lengths[r] { out[r * b.length + t] = v[r * b.length + t - 1] }
    }
    return out
  }

  /// The inverse of `toTokenLayout` (values on padding and at t = 0 are dropped).
  static func toModelLayout(_ v: [Float], _ b: WeightedBatch) -> [Float] {
    var out = [Float](repeating: 0, count: v.count)
    for r in 0..<b.rows where b.lengths[r] > 1 {
      for t in 1..<b.lengths[r] { out[r * b.length + t - 1] = v[r * b.length + t] }
    }
    return out
  }

  private var pending: WeightedBatch?

  public func scoreTokens(_ batch: WeightedBatch, entropy: Bool, keepForBackward: Bool) throws -> TokenScores {
    pending = keepForBackward ? batch : nil
    return Self.score(model, batch, entropy: entropy)
  }

  /// Token scores of any Qwen2 model (a frozen reference model, say) in `TokenScores`' layout.
  public static func score(_ model: Qwen2Model, _ batch: WeightedBatch, entropy: Bool) -> TokenScores {
    let seqs = (0..<batch.rows).map { r in (0..<batch.lengths[r]).map { Int(batch.tokens[r * batch.length + $0]) } }
    let tb = TokenBatch.padded(seqs, T: batch.length, padId: 0)  // padding is its own segment: any valid id
    let r = model.forward(tb, targets: tb.nextTokenTargets(), entropy: entropy)
    return TokenScores(logprobs: toTokenLayout(r.logprobs, batch), entropy: r.entropy.map { toTokenLayout($0, batch) })
  }

  public func backwardTokens(dlogprobs: [Float], dentropy: [Float]?) throws {
    guard let b = pending else { preconditionFailure("backwardTokens: call scoreTokens(keepForBackward: true) first") }
    precondition(dlogprobs.count == b.rows * b.length, "backwardTokens: \(dlogprobs.count) values for B*T = \(b.rows * b.length)")
    pending = nil
    model.backward(dlogprobs: Self.toModelLayout(dlogprobs, b), dentropy: dentropy.map { Self.toModelLayout($0, b) })
  }

  public func zeroGradients() { model.zeroGradients() }
  public func gradientNorm() -> Double {
    GradClip.globalNorm(model.parameters.map { (UnsafePointer($0.grad!.floats), $0.count) })
  }

  public func optimizerStep(lr: Double, gradScale: Float) {
    GradClip.scale(model.parameters.map { ($0.grad!.floats, $0.count) }, by: gradScale)
    optimizer.update(lr: Float(lr))  // also zeroes the gradients
  }

  public func saveModel(to dir: String) throws {
    try model.writeFiles(into: dir, dtype: saveDType, tokenizerDirectory: tokenizerDirectory)
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
