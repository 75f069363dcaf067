// What a training loop needs from a model: a weighted next-token loss with its gradient, a global
// gradient norm, an optimizer step and (de)serialisation. The Qwen2 model is adapted to it in
// `Qwen2Trainable`; tests use small stand-ins. Keeping the loops behind this protocol lets warmup
// SFT, pretraining and RLVR share one piece of run plumbing.

/// B rows of T token ids, right-padded, with a loss weight per target token.
public struct WeightedBatch: Sendable, Equatable {
  /// B and T.
  public var rows: Int, length: Int
  /// (B, T) token ids; padding positions hold `pad` ids and weight 0.
  public var tokens: [Int32]
  /// (B, T): weight of the loss of predicting `tokens[b, t]` from `tokens[b, <t]`. Always 0 at
  /// t = 0 and on padding; for SFT 0 on prompt tokens and 1 on response tokens.
  public var weights: [Float]
  /// (B): real tokens per row (the rest is padding).
  public var lengths: [Int]

  public init(rows: Int, length: Int, tokens: [Int32], weights: [Float], lengths: [Int]) {
    precondition(tokens.count == rows * length && weights.count == rows * length && lengths.count == rows,
                 "WeightedBatch: shapes do not match (B \(rows), T \(length))")
    self.rows = rows; self.length = length; self.tokens = tokens; self.weights = weights; self.lengths = lengths
  }

  /// Builds a padded batch from sequences and their per-token weights.
  public init(sequences: [[Int]], weights w: [[Float]], pad: Int) {
    precondition(sequences.count == w.count && !sequences.isEmpty, "WeightedBatch: need one weight row per sequence")
    let T = sequences.map(\.count).max()!
    var toks = [Int32](repeating: Int32(pad), count: sequences.count * T)
    var ws = [Float](repeating: 0, count: sequences.count * T)
    for (b, s) in sequences.enumerated() {
      precondition(w[b].count == s.count, "WeightedBatch: row \(b) has \(s.count) tokens and \(w[b].count) weights")
      for t in 0..<s.count {
        toks[b * T + t] = Int32(s[t])
        ws[b * T + t] = t == 0 ? 0 : w[b][t]
      }
    }
    self.init(rows: sequences.count, length: T, tokens: toks, weights: ws, lengths: sequences.map(\.count))
  }

  /// Σ weights (the normaliser of a mean loss).
  public var weightSum: Double { weights.reduce(0) { $0 + Double($1) } }
  /// Real (non-padding) tokens.
  public var tokenCount: Int { lengths.reduce(0, +) }
}

public protocol TrainableModel: AnyObject {
  /// The model's vocabulary size (config `vocab_size`).
  var vocabSize: Int { get }
  /// Forward and backward over `batch`; adds `scale * d(Σ w·nll)/dθ` to the gradients and returns
  /// Σ w·nll (natural log).
  func accumulateGradients(_ batch: WeightedBatch, scale: Float) throws -> Double
  /// Σ w·nll without gradients.
  func loss(_ batch: WeightedBatch) throws -> Double
  func zeroGradients()
  /// Global L2 norm of the accumulated gradients.
  func gradientNorm() -> Double
  /// One AdamW update at learning rate `lr`, gradients multiplied by `gradScale` first (clipping).
  func optimizerStep(lr: Double, gradScale: Float)
  /// Writes the weights in HF layout (config.json, model.safetensors, tokenizer files) into `dir`,
  /// a folder that does not exist yet.
  func saveModel(to dir: String) throws
  /// Writes / reads what a resume needs beyond the weights: fp32 master weights, AdamW moments and step.
  func saveOptimizer(to dir: String) throws
  func loadOptimizer(from dir: String) throws
  /// Named fp32 parameter values, for tests and checks.
  func parameterValues() -> [(name: String, values: [Float])]
}

/// Global-norm clipping factor: 1 when the norm is within `maxNorm` (or clipping is off, maxNorm <= 0).
public func clipScale(norm: Double, maxNorm: Double) -> Float {
  guard maxNorm > 0, norm > maxNorm else { return 1 }
  return Float(maxNorm / (norm + 1e-6))
}
