// The base model's pretraining corpus: questions of every domain in short-answer form (the prompt
// format the evaluation uses, an empty `<think> </think>`, then the gold answer), so the base model
// knows the formats and answers what it can answer at a glance, with no long-reasoning habit.
// Records come from the domains' public generators (math, which has none, from a MATH-style file);
// every response is checked by the domain's own verifier before it enters the corpus.
// No item repeats a held-out question (`corpus.exclude`, the committed test and validation files):
// K&K generation skips their puzzles, and every record of every domain is checked against them
// before it becomes an item; a repeat stops the build (naming domain and count) or is dropped.
import JSON
import Puzzles
import Seeded

public enum ShortAnswerCorpus {
  /// Builds the corpus: JSON objects {prompt, response, domain, difficulty, id}, shuffled by the seed.
  public static func build(_ cfg: CorpusConfig, report: (String) -> Void = { printErr($0) }) throws -> [JSON] {
    try buildChecked(cfg, report: report).items
  }

  /// The corpus and, per domain, the items left out for repeating a held-out question (only under
  /// `onOverlap: drop`; under `stop` any repeat throws `TrainingError.badConfig` naming domain and count).
  public static func buildChecked(_ cfg: CorpusConfig, report: (String) -> Void = { printErr($0) }) throws -> (items: [JSON], dropped: [Domain: Int]) {
    let heldOut = try heldOutIndex(cfg.exclude)
    var overlaps: [(domain: Domain, count: Int, example: String)] = []
    var items: [JSON] = []
    for (di, domain) in Domain.allCases.enumerated() {
      let n = cfg.counts.count(domain)
      guard n > 0 else { continue }
      let seed = cfg.seed &+ UInt64(di) &* 1_000_003
      let spec = domain.spec
      var records: [JSON] = []
      switch domain {
      case .kk:
        // Equal shares per people count (the first counts get the remainder).
        for (i, p) in cfg.kkPeople.enumerated() {
          let share = n / cfg.kkPeople.count + (i < n % cfg.kkPeople.count ? 1 : 0)
          if share > 0 {
            records += try KKDomain().generate(split: .train, count: share, seed: seed &+ UInt64(p), difficulty: p, exclude: heldOut.kkKeys)
          }
        }
      case .math:
        var all = try MathDomain.load(path: cfg.mathFile)
        var rng = SeededRNG(seed: seed)
        rng.shuffle(&all)
        records = Array(all.prefix(n))
      default:
        // A level's train space is small for code and choice (code ~270 distinct questions at level
        // 5, choice ~700 at level 2): past one seed's distinct share, further seeds repeat
        // questions, which for pretraining is another epoch over that part of the space.
        let cap = Self.perSeedCap[domain] ?? n
        var round: UInt64 = 0
        while records.count < n {
          let k = min(n - records.count, cap)
          if domain == .code, let levels = cfg.codeLevels {
            records += try CodeDomain().generate(split: .train, count: k, seed: seed &+ round &* 7919, difficulty: nil, levels: levels)
          } else {
            records += try spec.generate(split: .train, count: k, seed: seed &+ round &* 7919, difficulty: nil)
          }
          round += 1
        }
      }
      var kept = 0, overlap = 0, workedCount = 0
      var example = ""
      let workedShare = cfg.worked[domain.rawValue] ?? 0
      var workedRNG = SeededRNG(seed: seed, stream: 0x3012_4ED0)
      for (i, r) in records.enumerated() {
        if let hit = heldOut.match(r, domain: domain) {
          if overlap == 0 { example = "record \(r["id"]?.string ?? String(i)) repeats \(hit)" }
          overlap += 1
          continue
        }
        let prompt = try spec.prompt(r, format: cfg.format)
        var think: String? = nil
        if workedShare > 0, workedRNG.nextDouble() < workedShare, let sol = workedSolution(domain: domain, record: r, choiceForm: cfg.choiceWorked), !sol.isEmpty {
          think = sol
        }
        guard let response = try shortResponse(domain: domain, record: r, format: cfg.format, think: think) else {
          report("corpus: no verifiable short answer for \(domain.rawValue) record \(i) (id \(r["id"]?.string ?? "?")); left out")
          continue
        }
        var o = JSONObject()
        o["prompt"] = .string(prompt)
        o["response"] = .string(response)
        o["domain"] = .string(domain.rawValue)
        o["difficulty"] = .string(spec.difficulty(r))
        o["id"] = r["id"] ?? .string("\(domain.rawValue)-\(i)")
        items.append(.object(o))
        kept += 1
        if think != nil { workedCount += 1 }
      }
      if overlap > 0 { overlaps.append((domain, overlap, example)) }
      report("corpus: \(domain.rawValue) \(kept) of \(records.count) records" + (workedCount > 0 ? ", \(workedCount) with a worked solution" : "") + (overlap > 0 ? " (\(overlap) repeat a held-out question" + (cfg.onOverlap == .drop ? ": dropped)" : ")") : ""))
    }
    if !overlaps.isEmpty && cfg.onOverlap == .stop {
      let list = overlaps.map { "\($0.domain.rawValue): \($0.count) items (first: \($0.example))" }.joined(separator: "; ")
      throw TrainingError.badConfig("corpus: items would overlap the test or validation sets in corpus.exclude: \(list). "
        + "Change the seeds or sources, or set corpus.onOverlap to \"drop\" to leave them out")
    }
    if cfg.drills > 0 {
      items += ReadingDrills.make(count: cfg.drills, seed: cfg.seed, kinds: cfg.drillKinds)
      report("corpus: \(cfg.drills) reading drills")
    }
    var rng = SeededRNG(seed: cfg.seed)
    rng.shuffle(&items)
    return (items, Dictionary(uniqueKeysWithValues: overlaps.map { ($0.domain, $0.count) }))
  }

  /// Records one seed of a domain's train generator can always make with levels balanced (below
  /// the distinct questions of its smallest level: code 1,344, choice 3,581 measured at seed 1).
  static let perSeedCap: [Domain: Int] = [.code: 1200, .choice: 3000]

  /// The held-out files of `corpus.exclude` as one index; errors name the key, index and path.
  public static func heldOutIndex(_ paths: [String]) throws -> HeldOutIndex {
    var index = HeldOutIndex()
    for (i, path) in paths.enumerated() {
      do { try index.add(file: path) } catch {
        throw TrainingError.badConfig("corpus.exclude[\(i)] \"\(path)\": \(error)")
      }
    }
    return index
  }

  /// The one-line worked solution of a record: arith its `solution`; choice the correct option's
  /// value, then (`lookup`) its letter or (`scan`) the options up to it, each against the value;
  /// else nil.
  static func workedSolution(domain: Domain, record r: JSON, choiceForm: ChoiceWorkedForm = .lookup) -> String? {
    switch domain {
    case .arith:
      return r["solution"]?.string
    case .code:
      // Levels 6-8: how the constant follows from the examples; levels 1-5 have none.
      return r["worked"]?.string
    case .choice:
      guard let letter = r["answer"]?.string, let opts = r["options"]?.array,
            let i = ChoiceDomain.letters.firstIndex(of: Character(letter)), i < opts.count,
            let value = opts[i].string else { return nil }
      switch choiceForm {
      case .lookup:
        return "\(value) is option (\(letter))."
      case .scan:
        let entries = (0...i).map { j in
          "\(ChoiceDomain.letters[j]) \(opts[j].string ?? "") vs \(value) \(j == i ? "yes" : "no")"
        }
        return "\(value). " + entries.joined(separator: ", ") + "."
      }
    default:
      return nil
    }
  }

  /// The short response to `record`: the first candidate answer text the domain's verifier accepts
  /// as correct and well-formed, or nil.
  public static func shortResponse(domain: Domain, record r: JSON, format: PromptFormat, think: String? = nil) throws -> String? {
    let open = format.prefillsThink ? "" : "<think>"
    let worked = think.map { " " + $0 } ?? ""
    for answer in candidates(domain: domain, record: r) {
      let response = open + worked + " </think>\n<answer> " + answer + " </answer>"
      let v = try domain.spec.verify(r, completion: response, format: format)
      if v.correct && v.formatOK { return response }
    }
    return nil
  }

  /// Answer texts to try, in order of preference, from the record's gold fields.
  static func candidates(domain: Domain, record r: JSON) -> [String] {
    var out: [String] = []
    func str(_ k: String) -> String? { r[k]?.string ?? r[k]?.int.map(String.init) ?? r[k]?.double.map { "\($0)" } }
    switch domain {
    case .kk:
      if let s = str("solution_text_format") { out.append(s) }
    case .arith, .math:
      if let a = str("answer") { out += ["\\boxed{\(a)}", a] }
    case .choice:
      if let a = str("answer") { out += ["(\(a))", a, "The answer is (\(a))"] }
    case .code:
      for k in ["solution", "reference", "canonical_solution", "reference_solution"] {
        if let s = str(k) { out += ["```\n\(s)\n```", s] }
      }
    }
    return out
  }
}
