// The periodic K&K accuracy of a training run (warmup's probe): greedy answers to the first N puzzles of each
// people count, judged by the K&K verifier, through Eval's `Evaluator` (no second evaluator here).
import Eval
import JSON
import Puzzles

public struct KKProbe {
  public let input: EvalInput
  public let format: PromptFormat
  public let maxNewTokens: Int
  public let seed: UInt64

  /// Keeps the first `perPeople` records of each people count of `path` (only counts in `people`
  /// when it is not empty).
  public init(path: String, people: [Int], perPeople: Int, maxNewTokens: Int, format: PromptFormat, seed: UInt64) throws {
    let all = try EvalInput.load(domain: .kk, path: path)
    var taken: [String: Int] = [:]
    var recs: [JSON] = [], lines: [Int] = []
    for (r, l) in zip(all.records, all.lines) {
      let d = all.spec.difficulty(r)
      if !people.isEmpty && !people.map(String.init).contains(d) { continue }
      if taken[d, default: 0] < perPeople { taken[d, default: 0] += 1; recs.append(r); lines.append(l) }
    }
    if recs.isEmpty { throw JSONError(source: path, message: "no K&K record with people count in \(people)") }
    input = EvalInput(spec: all.spec, source: path, records: recs, lines: lines)
    self.format = format; self.maxNewTokens = maxNewTokens; self.seed = seed
  }

  /// Metrics `kk_acc` (all), `kk_acc_<people>`, `kk_format_ok`, `kk_len` from one greedy pass.
  /// Each generation (with its verdict) goes to `onSample` when given.
  public func run(engine: any CompletionEngine, onSample: ((JSON) throws -> Void)? = nil) throws -> JSONObject {
    var ev = Evaluator(engine: engine, options: EvalOptions(sampling: Sampling(samples: 1, temperature: 0, maxNewTokens: maxNewTokens),
                                                            seed: seed, format: format))
    ev.onSample = onSample
    let r = try ev.run(input)
    var o = JSONObject()
    o["kk_acc"] = .double(r.overall.pass1)
    for d in r.byDifficulty { o["kk_acc_\(d.difficulty)"] = .double(d.stats.pass1) }
    o["kk_format_ok"] = .double(r.overall.tagFormatOK)
    o["kk_len"] = .double(r.overall.lengthTokens.all)
    return o
  }
}

/// Periodic K&K accuracy during a training stage (greedy generation + the K&K verifier, through Eval).
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
