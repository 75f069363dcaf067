// The warmup stage config (`stages/warmup.json`): SFT of a base checkpoint on long-CoT K&K traces.
// Defaults here are the embedded model's; the commented config file explains each departure from
// the paper (Shrestha et al. 2025: ~1k QwQ-32B traces, 3 epochs, lr 1e-6 constant with warmup,
// max grad norm 0.1, Qwen2.5-3B).
import Puzzles
import Training

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
    for (k, v) in [("epochs", epochs), ("batchSize", batchSize), ("microBatchTokens", microBatchTokens), ("maxLength", maxLength)] where v < 1 {
      throw TrainingError.badConfig("\(prefix).\(k) must be >= 1, got \(v)")
    }
    if evalEvery < 0 { throw TrainingError.badConfig("\(prefix).evalEvery must be >= 0, got \(evalEvery)") }
  }
}

/// The warmup stage's model section (shared by every stage; defined in Training).
public typealias WarmupModelConfig = StageModelConfig

public struct SFTDataConfig: Codable, Sendable, Equatable {
  /// Trace JSONL (`prompt`, `response`, optional metadata).
  public var traces: String
  /// Traces set aside (chosen by the run seed) for the held-out loss.
  public var heldOut: Int
  public var onBadLine: BadLinePolicy
  public var tooLong: LongExamplePolicy
  public var lossOn: LossOn
  /// Keep only traces whose `people` field is listed (empty: all; traces without the field are kept).
  public var people: [Int]
  public init(traces: String = "puzzles/kk-traces-train.jsonl", heldOut: Int = 32, onBadLine: BadLinePolicy = .stop,
              tooLong: LongExamplePolicy = .truncate, lossOn: LossOn = .response, people: [Int] = []) {
    self.traces = traces; self.heldOut = heldOut; self.onBadLine = onBadLine; self.tooLong = tooLong; self.lossOn = lossOn
    self.people = people
  }
}

/// Periodic K&K accuracy during warmup (greedy generation + the K&K verifier, through Eval).
public struct PeriodicEvalConfig: Codable, Sendable, Equatable {
  public var enabled: Bool
  /// K&K records probed; accuracy is reported per people count. The validation split by default:
  /// the probe steers choices of epochs and settings, so it must not read the test set (issue 16).
  /// (The key keeps its old name `kkTest` so existing configs and WarmupStage read it unchanged.)
  public var kkTest: String
  /// People counts probed (empty: every count in the file).
  public var people: [Int]
  /// Puzzles per people count (the first N of each count in the file).
  public var perPeople: Int
  public var maxNewTokens: Int
  public var format: PromptFormat
  public init(enabled: Bool = true, kkTest: String = "puzzles/kk-val.jsonl", people: [Int] = [3, 4, 5], perPeople: Int = 10,
              maxNewTokens: Int = 768, format: PromptFormat = .r1Base) {
    self.enabled = enabled; self.kkTest = kkTest; self.people = people; self.perPeople = perPeople
    self.maxNewTokens = maxNewTokens; self.format = format
  }
}

public struct WarmupConfig: Codable, Sendable, Equatable {
  public var model: WarmupModelConfig
  public var data: SFTDataConfig
  public var train: BatchConfig
  public var optim: OptimConfig
  public var run: RunConfig
  public var eval: PeriodicEvalConfig

  public init(model: WarmupModelConfig = .init(), data: SFTDataConfig = .init(), train: BatchConfig = .init(),
              optim: OptimConfig = OptimConfig(schedule: LRSchedule(kind: .constant, peak: 3e-4, warmupSteps: 10),
                                               weightDecay: 0.0, maxGradNorm: 0.1),
              run: RunConfig = RunConfig(name: "default", checkpointEvery: 50), eval: PeriodicEvalConfig = .init()) {
    self.model = model; self.data = data; self.train = train; self.optim = optim; self.run = run; self.eval = eval
  }

  public func validate() throws {
    try train.validate(prefix: "train")
    try optim.validate()
    try run.validate()
    if data.heldOut < 0 { throw TrainingError.badConfig("data.heldOut must be >= 0, got \(data.heldOut)") }
    if eval.perPeople < 0 || eval.maxNewTokens < 1 {
      throw TrainingError.badConfig("eval.perPeople must be >= 0 and eval.maxNewTokens >= 1")
    }
  }
}
