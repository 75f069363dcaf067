// `warmrl verify`: score completions of any domain with its verifier and a reward scheme, or judge
// one math answer pair.
import ArgumentParser
import JSON
import Puzzles
import Training

/// Parses one of an enum's raw values, listing them on error (no retroactive conformance, so
/// other command files stay free to add their own).
func parseChoice<E: RawRepresentable & CaseIterable>(_ s: String, _ what: String) throws -> E where E.RawValue == String {
  guard let v = E(rawValue: s) else {
    throw ValidationError("unknown \(what) '\(s)' (expected one of: \(E.allCases.map(\.rawValue).joined(separator: ", ")))")
  }
  return v
}

struct VerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Score JSONL completions with a domain's verifier and a reward scheme; or judge one math answer.",
    discussion: """
      Each input line holds `completion` beside the gold fields of the domain's own records (K&K: \
      `names`, `solution`; arith/math: `answer`; ...). Lines missing a required field are refused \
      (file, line and field on stderr) and the command exits with status 1 after scoring the rest. \
      Lengths for the cosine term are counted in characters here (RLVR passes token counts).
      """)

  @Option(help: "Domain: \(Domain.validNames).", transform: { try parseChoice($0, "domain") })
  var domain: Domain
  @Option(help: "JSONL file of records with a `completion` field.")
  var input: String?
  @Option(help: "Reward scheme: \(RewardScheme.validNames).", transform: { try parseChoice($0, "reward scheme") })
  var scheme: RewardScheme = .logicRL
  @Option(help: "Weight of the cosine length reward (0 = off).")
  var cosineWeight: Double = 0
  @Option(help: "Length (characters here) where the cosine reward reaches its end value.")
  var maxLength: Int = 1000
  @Option(help: "Prompt format the completions followed (\(PromptFormat.validNames)); r1Base puts the prefilled <think> back before the tag check. Omitted = completions are complete.")
  var format: PromptFormat?
  @Flag(help: "Print one JSON line per input line, then a summary line.")
  var json = false
  @Option(help: "Math only: the gold answer.")
  var gold: String?
  @Option(help: "Math only: the prediction (its last \\boxed{} is used when present).")
  var pred: String?

  func validate() throws {
    if gold != nil || pred != nil {
      guard domain == .math, gold != nil, pred != nil, input == nil else {
        throw ValidationError("--gold and --pred go together, with --domain math and without --input")
      }
      return
    }
    guard input != nil else { throw ValidationError("give --input FILE (or --domain math --gold G --pred P)") }
    guard maxLength > 0 else { throw ValidationError("--max-length must be positive") }
    guard cosineWeight.isFinite else { throw ValidationError("--cosine-weight must be a finite number, got \(cosineWeight)") }
  }

  func run() throws {
    if let g = gold, let p = pred {
      let extracted = MathAnswer.lastBoxed(p) ?? p
      let eq = MathAnswer.equivalent(extracted, g)
      print(JSON.object(JSONObject(pairs: [("gold", .string(g)), ("pred", .string(p)), ("extracted", .string(extracted)),
                                           ("equivalent", .bool(eq))])).serialized())
      if !eq { throw ExitCode(2) }
      return
    }
    let path = input!
    let spec = domain.spec
    var cfg = RewardConfig(scheme: scheme, cosineWeight: cosineWeight)
    cfg.cosine.maxLength = maxLength
    let r = try JSONLReader(path: path)
    var stats = KKVerifyStats()
    while true {
      let rec: JSON
      do {
        guard let v = try r.next() else { break }
        rec = v
      } catch {
        // A bad line is refused and skipped; a failed read of the file itself ends the command.
        if r.failed { throw error }
        stats.refused += 1
        printErr("\(error)")
        continue
      }
      do {
        try spec.validate(rec, source: path, line: r.lineNumber)
        guard let completion = rec["completion"]?.string else {
          throw JSONError(source: path, line: r.lineNumber, path: "completion", message: "missing or not a string")
        }
        let v = try format.map { try spec.verify(rec, completion: completion, format: $0) } ?? spec.verify(rec, completion: completion)
        let reward = Rewards.score(v, length: completion.count, config: cfg)
        stats.add(v, reward: reward.total, difficulty: spec.difficulty(rec))
        if json {
          var o = JSONObject(pairs: [
            ("line", .int(r.lineNumber)), ("reward", .double(reward.total)), ("correct", .bool(v.correct)),
            ("status", .string(v.status.rawValue)), ("parsed", v.parsed.map { .string($0) } ?? .null),
            ("format_ok", .bool(v.formatOK)),
          ])
          // Code: why it failed (syntax error, wrong value, overflow, step/cell/depth limit).
          if domain == .code, !v.correct, let why = try CodeDomain().reason(rec, completion: completion) { o["reason"] = .string(why) }
          print(JSON.object(o).serialized())
        }
      } catch let e as JSONError {
        stats.refused += 1
        printErr("\(e.located(in: path, line: r.lineNumber))")
      } catch {
        stats.refused += 1
        printErr("\(path):\(r.lineNumber): \(error)")
      }
    }
    if json {
      print(stats.summary(domain: domain, scheme: scheme).serialized())
    } else {
      let s = stats.summary(domain: domain, scheme: scheme)
      print("\(path): \(stats.n) scored, \(stats.refused) refused; accuracy \(s["accuracy"]!.double ?? 0), "
        + "format ok \(s["format_ok_rate"]!.double ?? 0), mean reward \(s["mean_reward"]!.double ?? 0) (\(scheme.rawValue))")
      for (d, v) in s["by_difficulty"]!.object! {
        print("  difficulty \(d): n \(v["n"]!.int!), accuracy \(v["accuracy"]!.double!), mean reward \(v["mean_reward"]!.double!)")
      }
    }
    if stats.refused > 0 { throw ExitCode(1) }
  }
}

struct KKVerifyStats {
  var n = 0, correct = 0, formatOK = 0, unparseable = 0, refused = 0
  var rewards: [Double] = []
  var byDifficulty: [String: (n: Int, correct: Int, reward: Double)] = [:]

  mutating func add(_ v: Verdict, reward: Double, difficulty: String) {
    n += 1
    if v.correct { correct += 1 }
    if v.formatOK { formatOK += 1 }
    if v.status == .unparseable { unparseable += 1 }
    rewards.append(reward)
    var d = byDifficulty[difficulty] ?? (0, 0, 0)
    d.n += 1; d.correct += v.correct ? 1 : 0; d.reward += reward
    byDifficulty[difficulty] = d
  }

  static func r4(_ x: Double) -> JSON { .double((x * 10_000).rounded() / 10_000) }

  func summary(domain: Domain, scheme: RewardScheme) -> JSON {
    let mean = rewards.isEmpty ? 0 : rewards.reduce(0, +) / Double(rewards.count)
    let variance = rewards.isEmpty ? 0 : rewards.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(rewards.count)
    var by = JSONObject()
    for (d, v) in byDifficulty.sorted(by: { ($0.key.count, $0.key) < ($1.key.count, $1.key) }) {
      by[d] = .object(JSONObject(pairs: [("n", .int(v.n)), ("accuracy", Self.r4(Double(v.correct) / Double(v.n))),
                                         ("mean_reward", Self.r4(v.reward / Double(v.n)))]))
    }
    let denom = Double(max(n, 1))
    return .object(JSONObject(pairs: [
      ("summary", .bool(true)), ("domain", .string(domain.rawValue)), ("scheme", .string(scheme.rawValue)),
      ("n", .int(n)), ("refused", .int(refused)), ("accuracy", Self.r4(Double(correct) / denom)),
      ("format_ok_rate", Self.r4(Double(formatOK) / denom)), ("unparseable_rate", Self.r4(Double(unparseable) / denom)),
      ("mean_reward", Self.r4(mean)), ("std_reward", Self.r4(variance.squareRoot())),
      ("by_difficulty", .object(by)),
    ]))
  }
}
