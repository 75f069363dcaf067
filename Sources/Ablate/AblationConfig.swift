// The ablation config (`stages/ablation.json`) and its presets. The matrix is
// {base, base+warmup} x {no RLVR, RLVR on each domain} x seeds, plus named control arms, each cell
// evaluated on every eval domain. Presets are whole-section overrides applied before `--set`.
import JSON
import Training

/// A control arm: RLVR that should not work (or should work less) if the real effect is real.
public enum ControlArm: String, Codable, Sendable, CaseIterable {
  /// RLVR with a seeded coin as the reward (spurious-rewards check).
  case randomReward
  /// RLVR rewarding the R1 format alone.
  case formatOnly
  /// RLVR on a single example instead of the pool (1-shot RLVR).
  case oneShot
}

/// A control arm on the warmup's data: the same warmup stage trained on altered traces.
public enum WarmupControl: String, Codable, Sendable, CaseIterable {
  /// Every trace's final answer has one role flipped (knight <-> knave): the reasoning text is kept, the
  /// answer is wrong (priming with wrong-answer traces still helped in follow-up work).
  case wrongAnswers
  /// Only the shorter half of the traces (by response length).
  case shortTraces
  /// Only the longer half of the traces.
  case longTraces
  /// The warmup's replay items alone (the second phase, `warmup.then`, from the base, without traces):
  /// what the replay does to the target domains by itself.
  case replayOnly
}

public struct AblationWarmup: Codable, Sendable, Equatable {
  /// Warmup stage config and overrides (per seed, the run seed is set to the cell's seed).
  public var config: String
  public var overrides: [String]
  /// Use only the first N traces of the config's trace file (0 = all): the smoke preset's short warmup.
  public var maxTraces: Int
  /// A committed warmed-up checkpoint to use instead of training one (the quick preset: the full
  /// preset retrains). The notebook lists the cells that reused it.
  public var checkpoint: String
  /// Warmup-data control arms (each trains its own warmup per seed, so they need training even when
  /// `checkpoint` is set for the main warmup arm).
  public var controls: [WarmupControl]
  /// Warmup runs between `config` and `then`, in order, each from the previous one's checkpoint (none by
  /// default): the look-up recipe's drills and fresh traces (notebooks-md/2026-12-07-lookups.md).
  public var between: [AblationPhase]
  /// A last warmup config run after the others, from their checkpoint ("" none): the replay rehearsal
  /// (stages/warmup-replay.json) that gives the embedded model its target-domain format back.
  public var then: String
  public var thenOverrides: [String]
  public init(config: String = "stages/warmup.json", overrides: [String] = [], maxTraces: Int = 0, checkpoint: String = "",
              controls: [WarmupControl] = [], between: [AblationPhase] = [], then: String = "", thenOverrides: [String] = []) {
    self.config = config; self.overrides = overrides; self.maxTraces = maxTraces; self.checkpoint = checkpoint
    self.controls = controls; self.between = between; self.then = then; self.thenOverrides = thenOverrides
  }
}

/// One warmup run of a chain: a warmup stage config and its overrides (`model.path` and `run.seed` are set by the cell).
public struct AblationPhase: Codable, Sendable, Equatable {
  public var config: String
  public var overrides: [String]
  public init(config: String, overrides: [String] = []) { self.config = config; self.overrides = overrides }
}

public struct AblationRLVR: Codable, Sendable, Equatable {
  public var config: String
  public var overrides: [String]
  /// Target domains RLVR trains on (one cell per domain and start).
  public var domains: [String]
  /// Optimizer steps per RLVR cell.
  public var steps: Int
  /// Control arms and the domain they run on.
  public var controls: [ControlArm]
  public var controlDomain: String
  /// Overrides for the RLVR cells of one domain only, after `overrides` (K&K: longer rollouts and a
  /// people curriculum, since a warmed-up model's K&K trace runs to ~1,500 tokens).
  public var domainOverrides: [String: [String]]
  public init(config: String = "stages/rlvr.json", overrides: [String] = [], domains: [String] = ["kk", "choice"], steps: Int = 40,
              controls: [ControlArm] = [.randomReward], controlDomain: String = "kk", domainOverrides: [String: [String]] = [:]) {
    self.config = config; self.overrides = overrides; self.domains = domains; self.steps = steps
    self.controls = controls; self.controlDomain = controlDomain; self.domainOverrides = domainOverrides
  }
}

public struct AblationEval: Codable, Sendable, Equatable {
  public var domains: [String]
  /// First N questions of each committed test set (0 = all).
  public var limit: Int
  public var maxNewTokens: Int
  public var samples: Int
  public var temperature: Double
  /// Per-domain generation limits that replace `maxNewTokens` (K&K: a warmed-up model's enumeration of 4
  /// people runs to ~1,500 tokens; the other domains answer in tens).
  public var maxNewTokensByDomain: [String: Int]
  /// K&K questions with these people counts only (empty: all), taken before `limit`: the warmup
  /// trains on 3-4 people and the embedded model's 1,536 positions cannot hold a 6-person enumeration.
  public var kkPeople: [Int]
  public init(domains: [String] = ["kk", "arith", "code", "choice"], limit: Int = 100, maxNewTokens: Int = 512, samples: Int = 1,
              temperature: Double = 0, maxNewTokensByDomain: [String: Int] = [:], kkPeople: [Int] = []) {
    self.domains = domains; self.limit = limit; self.maxNewTokens = maxNewTokens; self.samples = samples; self.temperature = temperature
    self.maxNewTokensByDomain = maxNewTokensByDomain; self.kkPeople = kkPeople
  }
  /// The generation limit for `domain`.
  public func maxNewTokens(_ domain: String) -> Int { maxNewTokensByDomain[domain] ?? maxNewTokens }
}

public struct AblationPassAtK: Codable, Sendable, Equatable {
  public var enabled: Bool
  public var domain: String
  /// Samples per question (the largest k of the curve).
  public var samples: Int
  public var limit: Int
  public var temperature: Double
  public init(enabled: Bool = true, domain: String = "kk", samples: Int = 16, limit: Int = 50, temperature: Double = 1.0) {
    self.enabled = enabled; self.domain = domain; self.samples = samples; self.limit = limit; self.temperature = temperature
  }
}

public struct AblationConfig: Codable, Sendable, Equatable {
  public var base: String
  public var seeds: [UInt64]
  public var warmup: AblationWarmup
  public var rlvr: AblationRLVR
  public var eval: AblationEval
  public var passAtK: AblationPassAtK
  /// Results go to `<root>/ablate-<name>/`.
  public var root: String
  public var name: String
  /// Where the notebook is written (`<notebooks>/<date>-ablation-<name>.md` and a data folder).
  public var notebooks: String

  public init(base: String = "models/base", seeds: [UInt64] = [0, 1], warmup: AblationWarmup = .init(), rlvr: AblationRLVR = .init(),
              eval: AblationEval = .init(), passAtK: AblationPassAtK = .init(), root: String = "runs", name: String = "quick",
              notebooks: String = "notebooks-md") {
    self.base = base; self.seeds = seeds; self.warmup = warmup; self.rlvr = rlvr; self.eval = eval; self.passAtK = passAtK
    self.root = root; self.name = name; self.notebooks = notebooks
  }

  /// The domains a config may name.
  static let domainNames = ["kk", "arith", "code", "choice", "math"]
  static let domainList = "among " + domainNames.joined(separator: ", ")

  public func validate() throws {
    func bad(_ k: String, _ want: String, _ got: Any) -> TrainingError { .badConfig("\(k) must be \(want), got \(got)") }
    if seeds.isEmpty || seeds.count > 100 { throw bad("seeds", "1...100 seeds", seeds.count) }
    if Set(seeds).count != seeds.count { throw bad("seeds", "distinct", seeds) }
    if rlvr.steps < 1 || rlvr.steps > 1_000_000 { throw bad("rlvr.steps", "in 1...1000000", rlvr.steps) }
    if warmup.maxTraces < 0 { throw bad("warmup.maxTraces", ">= 0", warmup.maxTraces) }
    if eval.limit < 0 || eval.samples < 1 || eval.maxNewTokens < 1 { throw bad("eval.limit/samples/maxNewTokens", ">= 0 / >= 1 / >= 1", "\(eval.limit)/\(eval.samples)/\(eval.maxNewTokens)") }
    if !(eval.temperature >= 0 && eval.temperature <= 10) { throw bad("eval.temperature", "in [0, 10]", eval.temperature) }
    if passAtK.samples < 1 || passAtK.samples > 1024 || passAtK.limit < 0 { throw bad("passAtK.samples/limit", "in 1...1024 / >= 0", "\(passAtK.samples)/\(passAtK.limit)") }
    if !(passAtK.temperature > 0 && passAtK.temperature <= 10) { throw bad("passAtK.temperature", "in (0, 10]", passAtK.temperature) }
    if name.isEmpty || name.contains("/") { throw bad("name", "a non-empty name without '/'", name) }
    for d in rlvr.domains + eval.domains + [rlvr.controlDomain, passAtK.domain] where !Self.domainNames.contains(d) {
      throw bad("domains", Self.domainList, d)
    }
    if eval.domains.isEmpty { throw bad("eval.domains", "non-empty", "[]") }
    for (d, n) in eval.maxNewTokensByDomain.sorted(by: { $0.key < $1.key }) {
      if !Self.domainNames.contains(d) { throw bad("eval.maxNewTokensByDomain key", Self.domainList, d) }
      if n < 1 { throw bad("eval.maxNewTokensByDomain.\(d)", ">= 1", n) }
    }
    for p in eval.kkPeople where p < 2 || p > 20 { throw bad("eval.kkPeople", "people counts in 2...20", p) }
    for d in rlvr.domainOverrides.keys.sorted() where !Self.domainNames.contains(d) {
      throw bad("rlvr.domainOverrides key", Self.domainList, d)
    }
  }

  /// The presets: smoke (minutes, what the tests run), quick (the main job, <= 30 min on 2 cores
  /// from a committed warmed-up checkpoint), full (3 seeds, every domain, every control, paper-like RLVR).
  public static func preset(_ name: String) throws -> [String] {
    switch name {
    case "smoke":
      return ["name=smoke", "notebooks=\"\"", "seeds=[0]", "warmup.maxTraces=24", "warmup.checkpoint=\"\"", "warmup.between=[]",
              "warmup.overrides=[\"train.epochs=1\",\"train.batchSize=8\",\"eval.enabled=false\",\"data.heldOut=4\"]",
              "warmup.thenOverrides=[\"train.epochs=1\",\"train.batchSize=8\",\"eval.enabled=false\",\"data.heldOut=4\","
                + "\"data.replay.counts.arith=8\",\"data.replay.counts.code=4\",\"data.replay.counts.choice=8\",\"data.replay.drills=16\"]",
              "warmup.controls=[\"wrongAnswers\",\"replayOnly\"]",
              "rlvr.domains=[\"kk\"]", "rlvr.steps=2", "rlvr.controls=[\"randomReward\"]", "rlvr.controlDomain=\"kk\"",
              "rlvr.overrides=[\"rollout.promptsPerStep=2\",\"rollout.samplesPerPrompt=4\",\"rollout.maxNewTokens=48\",\"algo.maxRefillRounds=0\"]",
              "rlvr.domainOverrides.kk=[]",
              "eval.domains=[\"kk\",\"choice\"]", "eval.limit=4", "eval.maxNewTokens=48", "eval.maxNewTokensByDomain.kk=48",
              "passAtK.domain=\"kk\"", "passAtK.samples=4", "passAtK.limit=4"]
    case "quick":
      return ["name=quick"]
    case "full":
      return ["name=full", "seeds=[0,1,2]", "warmup.checkpoint=\"\"",
              "warmup.controls=[\"wrongAnswers\",\"shortTraces\",\"longTraces\",\"replayOnly\"]", "rlvr.domains=[\"kk\",\"arith\",\"code\",\"choice\"]",
              "rlvr.steps=625", "rlvr.controls=[\"randomReward\",\"formatOnly\",\"oneShot\"]", "eval.limit=0", "passAtK.samples=64",
              "passAtK.limit=100"]
    default:
      throw TrainingError.badConfig("unknown preset '\(name)'; valid: smoke, quick, full")
    }
  }
}
