// The warmup stage config (`stages/warmup.json`): SFT of a base checkpoint on long-CoT K&K traces.
// Defaults here are the embedded model's; the commented config file explains each departure from
// the paper (Shrestha et al. 2025: ~1k QwQ-32B traces, 3 epochs, lr 1e-6 constant with warmup,
// max grad norm 0.1, Qwen2.5-3B).
import Puzzles
import Training

/// The warmup stage's model section (shared by every stage; defined in Training).
public typealias WarmupModelConfig = StageModelConfig

/// Traces the stage makes itself, into its run folder (`traces.jsonl`), instead of reading a file:
/// K&K puzzles from the generator (as `warmrl puzzles generate --people P... --count N --seed S
/// --exclude F...`), one trace each (as `warmrl traces make --style STYLE --seed traceSeed`). Same
/// settings, same bytes; a resumed run reuses the file. For trace sets too large to commit.
public struct TraceGenerateConfig: Codable, Sendable, Equatable {
  public var people: [Int]
  public var count: Int
  public var seed: UInt64
  public var style: TraceStyle
  public var traceSeed: UInt64
  /// K&K files (ours or the public format) whose puzzles, by statements with names relabelled, must not be generated.
  public var exclude: [String]
  public var format: PromptFormat
  public init(people: [Int] = [3, 4], count: Int = 1000, seed: UInt64 = 0, style: TraceStyle = .enumerate, traceSeed: UInt64 = 0,
              exclude: [String] = [], format: PromptFormat = .r1Base) {
    self.people = people; self.count = count; self.seed = seed; self.style = style; self.traceSeed = traceSeed
    self.exclude = exclude; self.format = format
  }

  public func validate() throws {
    guard !people.isEmpty, people.allSatisfy({ KKGenerator.peopleRange.contains($0) }), Set(people).count == people.count else {
      throw TrainingError.badConfig("data.generate.people must list distinct people counts in \(KKGenerator.peopleRange), got \(people)")
    }
    guard (1...1_000_000).contains(count) else { throw TrainingError.badConfig("data.generate.count must be in 1...1000000, got \(count)") }
  }
}

public struct SFTDataConfig: Codable, Sendable, Equatable {
  /// Trace JSONL (`prompt`, `response`, optional metadata). Ignored when `generate` is set.
  public var traces: String
  /// Make the traces in the run folder instead of reading `traces` (see `TraceGenerateConfig`).
  public var generate: TraceGenerateConfig?
  /// Traces set aside (chosen by the run seed) for the held-out loss.
  public var heldOut: Int
  public var onBadLine: BadLinePolicy
  public var tooLong: LongExamplePolicy
  public var lossOn: LossOn
  /// Keep only traces whose `people` field is listed (empty: all; traces without the field are kept).
  public var people: [Int]
  /// Replay (rehearsal): items of the base model's kind of short-answer corpus, made from this config
  /// (a fresh seed: the same distribution, not the same items), mixed into the traces and trained with
  /// loss on every token as in pretraining. Without it the 3.67M-parameter embedded model forgets the
  /// target domains' answer format entirely during K&K SFT (0% and 100% format errors on arith, code
  /// and choice; notebooks-md/2026-12-06-warmup-replay.md). Test and validation questions are refused
  /// as in pretraining. null: no replay (the paper's recipe).
  public var replay: CorpusConfig?
  /// Train on the replay items alone, without the traces: the control arm that tells the replay's own
  /// effect on the target domains from the K&K traces'.
  public var replayOnly: Bool
  public init(traces: String = "puzzles/kk-traces-train.jsonl", heldOut: Int = 32, onBadLine: BadLinePolicy = .stop,
              tooLong: LongExamplePolicy = .truncate, lossOn: LossOn = .response, people: [Int] = [],
              replay: CorpusConfig? = nil, replayOnly: Bool = false) {
    self.traces = traces; self.heldOut = heldOut; self.onBadLine = onBadLine; self.tooLong = tooLong; self.lossOn = lossOn
    self.people = people; self.replay = replay; self.replayOnly = replayOnly
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
    try data.generate?.validate()
    if data.heldOut < 0 { throw TrainingError.badConfig("data.heldOut must be >= 0, got \(data.heldOut)") }
    try data.replay?.validate(prefix: "data.replay")
    if data.replayOnly && data.replay == nil { throw TrainingError.badConfig("data.replayOnly needs data.replay (a corpus config), got null") }
    if eval.perPeople < 0 || eval.maxNewTokens < 1 {
      throw TrainingError.badConfig("eval.perPeople must be >= 0 and eval.maxNewTokens >= 1")
    }
  }
}
