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

/// Per-token outputs of `TrainableModel.scoreTokens`, laid out like the batch (B, T): entry
/// [b, t] is about predicting `tokens[b, t]` from `tokens[b, <t]` (0 at t = 0 and on padding).
public struct TokenScores: Sendable, Equatable {
  /// log p(tokens[b, t] | tokens[b, <t]).
  public var logprobs: [Float]
  /// Entropy (nats) of the next-token distribution that predicted tokens[b, t], when requested.
  public var entropy: [Float]?
  public init(logprobs: [Float], entropy: [Float]?) { self.logprobs = logprobs; self.entropy = entropy }
}

/// The one training-step API of every stage: the model scores a batch's tokens, the stage turns the
/// scores into a loss and hands back d(loss)/d(score) per token, the model accumulates the parameter
/// gradients. SFT's weighted cross-entropy (below) and GRPO's clipped surrogate (RLVR) are both
/// written on it.
public protocol TrainableModel: AnyObject {
  /// The model's vocabulary size (config `vocab_size`).
  var vocabSize: Int { get }
  /// Forward over `batch` (its weights are ignored): per-token log-probs (and entropies). With
  /// `keepForBackward`, the activations are kept for one `backwardTokens` call.
  func scoreTokens(_ batch: WeightedBatch, entropy: Bool, keepForBackward: Bool) throws -> TokenScores
  /// Backward through the last `scoreTokens(keepForBackward: true)`: `dlogprobs[b*T+t]` is
  /// d(loss)/d(logprob[b, t]) (same layout as `TokenScores`), `dentropy` likewise; parameter
  /// gradients accumulate (+=).
  func backwardTokens(dlogprobs: [Float], dentropy: [Float]?) throws
  func zeroGradients()
  /// Global L2 norm of the accumulated gradients.
  func gradientNorm() -> Double
  /// One AdamW update at learning rate `lr`, gradients multiplied by `gradScale` first (clipping).
  func optimizerStep(lr: Double, gradScale: Float)
  /// Writes the weights in HF layout (config.json, model.safetensors, tokenizer files) into `dir`
  /// (the Checkpointer's staging folder, which does the one folder swap), creating it if absent.
  func saveModel(to dir: String) throws
  /// Writes / reads what a resume needs beyond the weights: fp32 master weights, AdamW moments and step.
  func saveOptimizer(to dir: String) throws
  func loadOptimizer(from dir: String) throws
  /// Named fp32 parameter values, for tests and checks.
  func parameterValues() -> [(name: String, values: [Float])]
}

extension TrainableModel {
  /// Forward and backward of the weighted next-token cross-entropy over `batch`; adds
  /// `scale * d(Σ w·nll)/dθ` to the gradients and returns Σ w·nll (natural log). The one copy of
  /// the weighted cross-entropy, on the token-score API.
  public func accumulateGradients(_ batch: WeightedBatch, scale: Float) throws -> Double {
    let s = try scoreTokens(batch, entropy: false, keepForBackward: true)
    try backwardTokens(dlogprobs: batch.weights.map { -$0 * scale }, dentropy: nil)
    return Self.weightedNLL(batch, s.logprobs)
  }

  /// Σ w·nll without gradients.
  public func loss(_ batch: WeightedBatch) throws -> Double {
    Self.weightedNLL(batch, try scoreTokens(batch, entropy: false, keepForBackward: false).logprobs)
  }

  static func weightedNLL(_ batch: WeightedBatch, _ logprobs: [Float]) -> Double {
    var loss = 0.0
    for n in 0..<logprobs.count where batch.weights[n] != 0 { loss -= Double(batch.weights[n]) * Double(logprobs[n]) }
    return loss
  }
}
