// Config sections shared by every training stage (decoded with `Config.load`, unknown keys rejected).
import Kernels

/// How weights are stored during training. Compute and master weights are always fp32.
public enum Precision: String, Codable, Sendable, CaseIterable {
  /// fp32 weights.
  case fp32
  /// bf16 working weights with fp32 master weights in the optimizer (the paper trains in bf16).
  case bf16
}

/// What happens when an input line is malformed.
public enum BadLinePolicy: String, Codable, Sendable, CaseIterable {
  /// Stop with an error naming the file and line.
  case stop
  /// Report it on stderr, skip it, and count it in the summary.
  case skip
}

public struct OptimConfig: Codable, Sendable, Equatable {
  public var schedule: LRSchedule
  public var weightDecay: Double
  public var beta1: Double
  public var beta2: Double
  public var eps: Double
  /// Global-norm clipping threshold (<= 0 turns clipping off).
  public var maxGradNorm: Double

  public init(schedule: LRSchedule = LRSchedule(), weightDecay: Double = 0.0, beta1: Double = 0.9,
              beta2: Double = 0.999, eps: Double = 1e-8, maxGradNorm: Double = 1.0) {
    self.schedule = schedule; self.weightDecay = weightDecay; self.beta1 = beta1; self.beta2 = beta2
    self.eps = eps; self.maxGradNorm = maxGradNorm
  }

  public func validate() throws {
    try schedule.validate(prefix: "optim.schedule")
    if !(weightDecay >= 0) { throw TrainingError.badConfig("optim.weightDecay must be >= 0, got \(weightDecay)") }
    if !(beta1 >= 0 && beta1 < 1) { throw TrainingError.badConfig("optim.beta1 must be in [0, 1), got \(beta1)") }
    if !(beta2 >= 0 && beta2 < 1) { throw TrainingError.badConfig("optim.beta2 must be in [0, 1), got \(beta2)") }
    if !(eps > 0) || !eps.isFinite { throw TrainingError.badConfig("optim.eps must be finite and > 0, got \(eps)") }
    if !maxGradNorm.isFinite { throw TrainingError.badConfig("optim.maxGradNorm must be finite (<= 0 turns clipping off), got \(maxGradNorm)") }
    if !weightDecay.isFinite { throw TrainingError.badConfig("optim.weightDecay must be finite, got \(weightDecay)") }
  }
}

public struct RunConfig: Codable, Sendable, Equatable {
  /// The run folder is `<root>/<stage>-<name>`.
  public var root: String
  public var name: String
  public var seed: UInt64
  /// Save a checkpoint (and resume state) every N optimizer steps; one is always saved at the end.
  public var checkpointEvery: Int
  /// How many checkpoints to keep (newest first).
  public var keepCheckpoints: Int
  /// Seconds between progress lines.
  public var progressInterval: Double

  public init(root: String = "runs", name: String = "default", seed: UInt64 = 0, checkpointEvery: Int = 100,
              keepCheckpoints: Int = 2, progressInterval: Double = 5) {
    self.root = root; self.name = name; self.seed = seed; self.checkpointEvery = checkpointEvery
    self.keepCheckpoints = keepCheckpoints; self.progressInterval = progressInterval
  }

  public func validate() throws {
    if name.isEmpty || name.contains("/") { throw TrainingError.badConfig("run.name must be a non-empty name without '/', got '\(name)'") }
    if checkpointEvery < 1 { throw TrainingError.badConfig("run.checkpointEvery must be >= 1, got \(checkpointEvery)") }
    if keepCheckpoints < 1 { throw TrainingError.badConfig("run.keepCheckpoints must be >= 1, got \(keepCheckpoints)") }
  }
}

/// The checkpoint a stage starts from and how it is held while training (every stage's `model` section).
public struct StageModelConfig: Codable, Sendable, Equatable {
  /// Base checkpoint (HF layout, with tokenizer files).
  public var path: String
  /// Weight storage while training (compute and masters are fp32 either way).
  public var precision: Precision
  /// Storage dtype of saved checkpoints.
  public var saveDType: Precision
  /// Arithmetic of the matrix products: "fp32", or "bf16" (operands rounded to bf16, fp32 accumulation;
  /// AVX512_BF16 CPUs only, fp32 with a notice elsewhere). Masters, AdamW, norms, softmax, loss: fp32.
  public var compute: ComputePrecision
  public init(path: String = "models/base", precision: Precision = .fp32, saveDType: Precision = .bf16,
              compute: ComputePrecision = .fp32) {
    self.path = path; self.precision = precision; self.saveDType = saveDType; self.compute = compute
  }

  enum CodingKeys: String, CodingKey { case path, precision, saveDType, compute }

  /// `compute` may be absent (configs written before it existed): fp32.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    path = try c.decode(String.self, forKey: .path)
    precision = try c.decode(Precision.self, forKey: .precision)
    saveDType = try c.decode(Precision.self, forKey: .saveDType)
    compute = try c.decodeIfPresent(ComputePrecision.self, forKey: .compute) ?? .fp32
  }
}

/// Optimizer-step and micro-batch sizes of an SFT run.
public struct BatchConfig: Codable, Sendable, Equatable {
  public var epochs: Int
  /// Examples per optimizer step.
  public var batchSize: Int
  /// Padded tokens per micro-batch (rows x longest row); gradients of a step's micro-batches accumulate.
  public var microBatchTokens: Int
  /// Longest example in tokens (prompt + response + end token).
  public var maxLength: Int
  /// Held-out loss (and periodic evaluation) every N steps and at the end; 0 = only at the end.
  public var evalEvery: Int

  public init(epochs: Int = 3, batchSize: Int = 16, microBatchTokens: Int = 4096, maxLength: Int = 1024, evalEvery: Int = 50) {
    self.epochs = epochs; self.batchSize = batchSize; self.microBatchTokens = microBatchTokens
    self.maxLength = maxLength; self.evalEvery = evalEvery
  }

  public func validate(prefix: String) throws {
    // Upper bounds far above any run this tool can make, so a typo fails at once instead of running for years.
    for (k, v, hi) in [("epochs", epochs, 100_000), ("batchSize", batchSize, 1 << 20), ("microBatchTokens", microBatchTokens, 1 << 26),
                       ("maxLength", maxLength, 1 << 20)] where v < 1 || v > hi {
      throw TrainingError.badConfig("\(prefix).\(k) must be in 1...\(hi), got \(v)")
    }
    if evalEvery < 0 { throw TrainingError.badConfig("\(prefix).evalEvery must be >= 0, got \(evalEvery)") }
  }
}
