// Baselines beside every accuracy (issue 16, item 1): what a model with no skill would score, so a
// claim is stated against the strongest of them. Every baseline answer is a constructed completion
// (`<think> </think>\n<answer> ... </answer>`) judged by the domain's own verifier, so a baseline is
// scored exactly as the model is.
//   - constant answers: K&K all knights, all knaves, and the most frequent role vector of the train
//     split per people count (train-majority; counts the train split lacks take whichever of all
//     knights / all knaves is more frequent in it); arith, choice, math: the most frequent gold
//     answer of the train split per difficulty (overall where a difficulty is absent). Code has
//     none (a function's name and tests differ per question, so no constant text can pass).
//   - shuffled: the model's own parsed answers moved across the questions of the same difficulty
//     (K&K: the same people count; the role vector moves, rendered with the target's names): a
//     seeded random derangement (each question gets another question's answer), `rounds` of them
//     per sample set, averaged. Unparsed answers move too (they stay wrong). It asks: is the model
//     right more often than its own answer distribution would be on questions it did not read?
//   - random: choice, a uniformly random letter (per question: the share of option letters the
//     verifier accepts, 1 / options); K&K, uniformly random roles with the right names (per puzzle:
//     the share of its 2^n role vectors the verifier accepts, 2^-n; computed as 2^-n above 10 people).
// K&K also reports every figure on the mixed-role puzzles alone (at least one knight and one knave).
import JSON
import Puzzles
import Seeded

public enum BaselineKind: String, Sendable, Codable { case constant, shuffled, random }

public struct DifficultyAccuracy: Sendable, Equatable, Codable {
  public var difficulty: String
  public var n: Int
  public var accuracy: Double
  /// K&K: over the mixed-role puzzles of this difficulty (nil where there are none, or not K&K).
  public var mixedRole: Double?
  enum CodingKeys: String, CodingKey { case difficulty, n, accuracy, mixedRole = "mixed_role" }
}

/// One baseline's accuracy over the evaluated questions.
public struct BaselineScore: Sendable, Equatable, Codable {
  public var name: String
  public var kind: BaselineKind
  /// How the answers were made (e.g. "letter C, 62 of 500 train answers").
  public var detail: String
  public var accuracy: Double
  /// K&K: over the mixed-role puzzles only.
  public var mixedRole: Double?
  public var byDifficulty: [DifficultyAccuracy]
  enum CodingKeys: String, CodingKey { case name, kind, detail, accuracy, mixedRole = "mixed_role", byDifficulty = "by_difficulty" }
}

/// The baselines of one domain's evaluation, and the model's figures they are compared with.
public struct DomainBaselines: Sendable, Equatable, Codable {
  /// The train records the constant answers came from (nil: none were given, so no train-majority).
  public var train: String?
  public var scores: [BaselineScore]
  /// The baseline with the highest accuracy (ties: the first listed), and that accuracy.
  public var strongest: String?
  public var strongestAccuracy: Double?
  /// K&K: the model's pass@1 over the mixed-role puzzles, per difficulty too, and the strongest
  /// baseline there.
  public var mixedRole: MixedRole?

  public struct MixedRole: Sendable, Equatable, Codable {
    public var n: Int
    public var pass1: Double
    public var byDifficulty: [DifficultyAccuracy]
    public var strongest: String?
    public var strongestAccuracy: Double?
    enum CodingKeys: String, CodingKey {
      case n, pass1 = "pass@1", byDifficulty = "by_difficulty", strongest, strongestAccuracy = "strongest_accuracy"
    }
  }
  enum CodingKeys: String, CodingKey {
    case train, scores, strongest, strongestAccuracy = "strongest_accuracy", mixedRole = "mixed_role"
  }

  /// The strongest baseline at one difficulty (name, accuracy), for the table.
  public func strongest(difficulty: String) -> (name: String, accuracy: Double)? {
    var best: (String, Double)? = nil
    for s in scores {
      guard let a = s.byDifficulty.first(where: { $0.difficulty == difficulty })?.accuracy else { continue }
      if best == nil || a > best!.1 { best = (s.name, a) }
    }
    return best
  }
}

public enum Baselines {
  /// Shuffles per sample set (averaged).
  public static let rounds = 8

  /// Computes every baseline of `records` (one `QuestionOutcome` each, in order). `train` holds the
  /// records the constant answers are drawn from (nil: only the baselines that need none).
  public static func compute(spec: any DomainSpec, records: [JSON], outcomes: [QuestionOutcome], train: (source: String, records: [JSON])?,
                             seed: UInt64) throws -> DomainBaselines {
    precondition(records.count == outcomes.count && !records.isEmpty)
    let domain = spec.domain
    let difficulties = records.map(spec.difficulty)
    let mixed: [Bool]? = domain == .kk ? try records.map { r in
      let g = try KKPuzzle.goldSolution(r, source: "kk", line: 0)
      return g.contains(true) && g.contains(false)
    } : nil
    let scorer = Scorer(difficulties: difficulties, mixed: mixed)
    var scores: [BaselineScore] = []

    // Constant answers.
    for c in try constants(spec: spec, records: records, train: train?.records ?? [], hasTrain: train != nil) {
      let correct = try records.indices.map { q -> Double in
        guard let body = c.body(records[q]) else { return 0 }
        return try spec.verify(records[q], completion: BaselineAnswer.completion(body)).correct ? 1 : 0
      }
      scores.append(scorer.score(name: c.name, kind: .constant, detail: c.detail, correct))
    }

    // Shuffled: the model's answers moved within each difficulty.
    let k = outcomes[0].samples.count
    var groups: [String: [Int]] = [:]
    for (q, d) in difficulties.enumerated() { groups[d, default: []].append(q) }
    var sum = Array(repeating: 0.0, count: records.count)
    var cache: [Int: [String: Bool]] = [:]
    for j in 0..<k {
      for d in groups.keys.sorted() {
        let members = groups[d]!
        for round in 0..<rounds {
          var rng = SeededRNG(seed: RowSeed.make(seed: seed, domain: domain.rawValue + "/shuffle/" + d, question: round, sample: j), stream: 0x5AFF1E)
          var order = members
          rng.shuffle(&order)
          for (i, target) in order.enumerated() {
            // A one-question group has no other answer to take: it keeps its own.
            let from = order[(i + 1) % order.count]
            guard let parsed = outcomes[from].samples[j].parsed,
                  let body = BaselineAnswer.transfer(parsed, domain: domain, from: records[from], to: records[target]) else { continue }
            let ok: Bool
            if let hit = cache[target]?[body] { ok = hit } else {
              ok = try spec.verify(records[target], completion: BaselineAnswer.completion(body)).correct
              cache[target, default: [:]][body] = ok
            }
            if ok { sum[target] += 1 }
          }
        }
      }
    }
    scores.append(scorer.score(name: "shuffled", kind: .shuffled,
                               detail: "the model's parsed answers deranged within each difficulty, \(rounds) seeded rounds per sample set, averaged",
                               sum.map { $0 / Double(k * rounds) }))

    // Random.
    if domain == .choice {
      let share = try records.map { r -> Double in
        let n = r["options"]?.array?.count ?? 0
        guard n > 0 else { return 0 }
        var hits = 0
        for letter in ChoiceDomain.letters.prefix(n) {
          if try spec.verify(r, completion: BaselineAnswer.completion("The answer is (\(letter))")).correct { hits += 1 }
        }
        return Double(hits) / Double(n)
      }
      scores.append(scorer.score(name: "random-pick", kind: .random, detail: "a uniformly random letter: per question, the share of letters the verifier accepts", share))
    } else if domain == .kk {
      // Every role vector is written out and judged (2^n answers; above 10 people, 2^-n: one solution).
      let p = try records.map { r -> Double in
        let n = r["names"]?.array?.count ?? 0
        guard n > 0 else { return 0 }
        guard n <= 10 else { return 1 / Double(UInt64(1) << UInt64(min(n, 63))) }
        var hits = 0
        for a in 0..<(1 << n) {
          let roles = KKPuzzle.roles(UInt64(a), people: n)
          if let body = BaselineAnswer.kk(r, roles: roles, knight: true), try spec.verify(r, completion: BaselineAnswer.completion(body)).correct { hits += 1 }
        }
        return Double(hits) / Double(1 << n)
      }
      scores.append(scorer.score(name: "random-roles", kind: .random, detail: "uniformly random roles with the right names: per puzzle, the share of the 2^n role vectors the verifier accepts", p))
    }

    let best = strongest(scores.map { ($0.name, $0.accuracy) })
    var out = DomainBaselines(train: train?.source, scores: scores, strongest: best?.name, strongestAccuracy: best?.accuracy, mixedRole: nil)
    if let mixed {
      let model = outcomes.map { o in Double(o.samples.count(where: \.correct)) / Double(o.samples.count) }
      let m = scorer.score(name: "model", kind: .constant, detail: "", model)
      if let mr = m.mixedRole {
        let bestMixed = strongest(scores.compactMap { s in s.mixedRole.map { (s.name, $0) } })
        out.mixedRole = .init(n: mixed.count(where: { $0 }), pass1: mr,
                              byDifficulty: m.byDifficulty.compactMap { d in d.mixedRole.map { DifficultyAccuracy(difficulty: d.difficulty, n: d.n, accuracy: $0, mixedRole: nil) } },
                              strongest: bestMixed?.name, strongestAccuracy: bestMixed?.accuracy)
      }
    }
    return out
  }

  static func strongest(_ xs: [(name: String, accuracy: Double)]) -> (name: String, accuracy: Double)? {
    var best: (name: String, accuracy: Double)? = nil
    for x in xs where best == nil || x.accuracy > best!.accuracy { best = x }
    return best
  }

  /// One constant-answer baseline: its name, how it was made, and the answer body for a record.
  struct Constant {
    var name: String
    var detail: String
    var body: (JSON) -> String?
  }

  static func constants(spec: any DomainSpec, records: [JSON], train: [JSON], hasTrain: Bool) throws -> [Constant] {
    let domain = spec.domain
    switch domain {
    case .kk:
      var out = [Constant(name: "all-knights", detail: "everyone is a knight, with the puzzle's names", body: { BaselineAnswer.kk($0, roles: nil, knight: true) }),
                 Constant(name: "all-knaves", detail: "everyone is a knave, with the puzzle's names", body: { BaselineAnswer.kk($0, roles: nil, knight: false) })]
      guard hasTrain else { return out }
      var byPeople: [Int: [[Bool]]] = [:]
      var knights = 0, knaves = 0
      for r in train {
        guard let g = r["solution"]?.array?.compactMap(\.bool), !g.isEmpty else { continue }
        byPeople[g.count, default: []].append(g)
        if g.allSatisfy({ $0 }) { knights += 1 } else if !g.contains(true) { knaves += 1 }
      }
      let majority = byPeople.mapValues { majorityValue($0)!.value }
      let fallback = knights >= knaves
      let absent = Set(records.compactMap { $0["names"]?.array?.count }).subtracting(majority.keys).sorted()
      var detail = "per people count, the most frequent role vector of the train split (K knight, N knave): "
      detail += majority.keys.sorted().map { n in "\(n): " + majority[n]!.map { $0 ? "K" : "N" }.joined() + " (\(majorityValue(byPeople[n]!)!.count) of \(byPeople[n]!.count))" }.joined(separator: ", ")
      if !absent.isEmpty { detail += "; counts \(absent.map(String.init).joined(separator: ",")) are not in it: all \(fallback ? "knights" : "knaves")" }
      out.append(Constant(name: "train-majority", detail: detail, body: { r in
        let n = r["names"]?.array?.count ?? 0
        return BaselineAnswer.kk(r, roles: majority[n], knight: fallback)
      }))
      return out
    case .arith, .choice, .math:
      guard hasTrain else { return [] }
      var byLevel: [String: [String]] = [:]
      var all: [String] = []
      for r in train {
        guard let a = r["answer"]?.string ?? r["answer"]?.int.map(String.init) else { continue }
        byLevel[spec.difficulty(r), default: []].append(a)
        all.append(a)
      }
      guard let overall = majorityValue(all) else { return [] }
      let perLevel = byLevel.mapValues { majorityValue($0)!.value }
      let levels = perLevel.keys.sorted { DifficultyResult.difficultyOrder($0, $1) }
      let detail = "per difficulty, the most frequent gold answer of the train split: " + levels.map { "\($0): \(perLevel[$0]!)" }.joined(separator: ", ")
        + "; elsewhere \(overall.value) (\(overall.count) of \(all.count))"
      return [Constant(name: "train-majority", detail: detail, body: { r in
        BaselineAnswer.plain(domain: domain, answer: perLevel[spec.difficulty(r)] ?? overall.value)
      })]
    case .code:
      return []
    }
  }

  /// The most frequent value and its count; ties go to the value seen first.
  static func majorityValue<T: Hashable>(_ xs: [T]) -> (value: T, count: Int)? {
    var counts: [T: Int] = [:], first: [T: Int] = [:]
    for (i, x) in xs.enumerated() { counts[x, default: 0] += 1; if first[x] == nil { first[x] = i } }
    return counts.max { a, b in a.value != b.value ? a.value < b.value : first[a.key]! > first[b.key]! }.map { ($0.key, $0.value) }
  }
}

/// Accuracies of a per-question score (1 = right; shares for averaged baselines), overall, per
/// difficulty and (K&K) on mixed-role puzzles.
struct Scorer {
  var difficulties: [String]
  var mixed: [Bool]?

  func score(name: String, kind: BaselineKind, detail: String, _ x: [Double]) -> BaselineScore {
    func mean(_ idx: [Int]) -> Double? { idx.isEmpty ? nil : idx.reduce(0) { $0 + x[$1] } / Double(idx.count) }
    let all = Array(x.indices)
    let levels = Set(difficulties).sorted { DifficultyResult.difficultyOrder($0, $1) }
    let by = levels.map { d -> DifficultyAccuracy in
      let idx = all.filter { difficulties[$0] == d }
      return DifficultyAccuracy(difficulty: d, n: idx.count, accuracy: mean(idx)!, mixedRole: mixed.flatMap { m in mean(idx.filter { m[$0] }) })
    }
    return BaselineScore(name: name, kind: kind, detail: detail, accuracy: mean(all)!,
                         mixedRole: mixed.flatMap { m in mean(all.filter { m[$0] }) }, byDifficulty: by)
  }
}

/// Constructed answer texts, in the form each domain's verifier reads.
public enum BaselineAnswer {
  /// The completion holding `body` as the answer (empty reasoning, R1 tags).
  public static func completion(_ body: String) -> String { "<think> </think>\n<answer> " + body + " </answer>" }

  /// A K&K answer with the record's names and role words: `roles`, or everyone `knight`/knave.
  public static func kk(_ record: JSON, roles: [Bool]?, knight: Bool) -> String? {
    guard let names = record["names"]?.array?.compactMap(\.string), !names.isEmpty else { return nil }
    let words = record["knight_knave"].flatMap { kk in kk["a_knight"]?.string.flatMap { a in kk["a_knave"]?.string.map { KKRoleWords(aKnight: a, aKnave: $0) } } } ?? .standard
    let rs = roles ?? Array(repeating: knight, count: names.count)
    guard rs.count == names.count else { return nil }
    return zip(names, rs).enumerated().map { "(\($0.offset + 1)) \($0.element.0) is \($0.element.1 ? words.aKnight : words.aKnave)" }.joined(separator: "\n")
  }

  /// A plain answer in the domain's form: `\boxed{}` for arith/math, "The answer is (X)" for choice,
  /// a fenced block for code.
  public static func plain(domain: Domain, answer: String) -> String {
    switch domain {
    case .arith, .math: return "\\boxed{" + answer + "}"
    case .choice: return "The answer is (" + answer + ")"
    case .code: return "```\n" + answer + "\n```"
    case .kk: return answer
    }
  }

  /// Question `from`'s parsed answer as an answer to question `to`: K&K moves the role vector (read
  /// with `from`'s names, written with `to`'s); the other domains move the answer itself.
  public static func transfer(_ parsed: String, domain: Domain, from: JSON, to: JSON) -> String? {
    guard domain == .kk else { return plain(domain: domain, answer: parsed) }
    guard let names = from["names"]?.array?.compactMap(\.string),
          case .success(let a) = KKAnswer.parse(Substring(parsed), names: names, words: words(from)) else { return nil }
    return kk(to, roles: a.roles, knight: true)
  }

  static func words(_ record: JSON) -> KKRoleWords {
    guard let kk = record["knight_knave"], let a = kk["a_knight"]?.string, let b = kk["a_knave"]?.string else { return .standard }
    return KKRoleWords(aKnight: a, aKnave: b)
  }
}
