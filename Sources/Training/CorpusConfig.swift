// The synthetic short-answer corpus's config: the base model's pretraining corpus (`stages/base.json`'s
// "corpus") and the warmup's replay mix (`stages/warmup-replay.json`'s "data.replay") are both made by
// ShortAnswerCorpus from one of these. In Training because both stages read it and stages are siblings.
import JSON
import Puzzles

/// How many short-answer examples each domain contributes (0 leaves a domain out).
public struct DomainCounts: Codable, Sendable, Equatable {
  public var kk: Int, arith: Int, code: Int, choice: Int, math: Int
  public init(kk: Int = 4200, arith: Int = 1800, code: Int = 1000, choice: Int = 1200, math: Int = 800) {
    self.kk = kk; self.arith = arith; self.code = code; self.choice = choice; self.math = math
  }
  public func count(_ d: Domain) -> Int {
    switch d { case .kk: kk; case .arith: arith; case .code: code; case .choice: choice; case .math: math }
  }
}

/// What the corpus does with an item that repeats a held-out (test or validation) question.
public enum OverlapPolicy: String, Codable, Sendable, CaseIterable {
  /// Refuse the config: pretrain stops, naming each domain and its count of overlapping items.
  case stop
  /// Leave such items out; the counts go to the run summary (`corpus_overlap_dropped_<domain>`).
  case drop
}

/// How a worked choice line gets from the value to the letter.
public enum ChoiceWorkedForm: String, Codable, Sendable, CaseIterable {
  /// " 72 is option (G).": the letter is a look-up of the value among the options, one step. The
  /// 4-layer base never learnt it (base v4: the right value, a random letter; 2026-12-05 notebook).
  case lookup
  /// " 72. A 75 vs 72 no, B 48 vs 72 no, ..., G 72 vs 72 yes.": each option copied in order next
  /// to the value and compared with it, stopping at the match, so every token reads only tokens a
  /// few positions back and the letter is the start of the last entry (the locality that let the
  /// K&K `enumerate` trace be learnt; ../shared/reference/small-models-reasoning.md).
  case scan
}

public struct CorpusConfig: Codable, Sendable, Equatable {
  public var counts: DomainCounts
  /// K&K people counts, drawn in equal shares.
  public var kkPeople: [Int]
  /// MATH-style records (`problem`, `answer`) for the math share: math has no generator.
  public var mathFile: String
  public var format: PromptFormat
  public var seed: UInt64
  /// Reading drills (copy and look-up texts, see `ReadingDrills`) mixed into the corpus; 0 for none.
  public var drills: Int
  /// The drill kinds, taken in turn (list a kind twice to give it twice the share); see `ReadingDrills.kinds`.
  public var drillKinds: [String]
  /// Held-out files (JSONL records of any domain: the committed test and validation sets) that no
  /// corpus item may repeat, by normalised question text and, for K&K, by names plus statements and
  /// by statements with names relabelled (`HeldOutIndex`). K&K generation skips their puzzles;
  /// every item of every domain is then checked against them (see `onOverlap`).
  public var exclude: [String]
  /// What an item repeating a held-out question does: `stop` (refuse the config) or `drop`.
  public var onOverlap: OverlapPolicy
  /// Per domain, the share (0...1) of items whose `<think>` holds the record's short worked
  /// `solution` (arith: "3 \\times 4 = 12; 12 - 5 = 7") instead of staying empty: a base that
  /// sometimes works a problem out in one line, as pretrained bases do, rather than a long chain of
  /// thought. arith shows the record's `solution`; choice names the correct option's value and then
  /// its letter ("72 is option (G)"), the look-up a base model does when it knows the value.
  public var worked: [String: Double] = [:]
  /// The form of a worked choice line (`worked.choice`): `lookup` (the value, then its letter) or
  /// `scan` (the value, then the options in turn against it up to the one that matches).
  public var choiceWorked: ChoiceWorkedForm = .lookup
  /// The code levels the code share takes in turn; nil (absent): 1-5, the levels that state the
  /// function in full. 6-8 leave a constant for the examples to show and carry its derivation, which
  /// `worked.code` shows inside <think> (`CodeFamilies+Infer.swift`).
  public var codeLevels: [Int]? = nil
  enum CodingKeys: String, CodingKey {
    case counts, kkPeople, mathFile, format, seed, drills, drillKinds, exclude, onOverlap, worked, choiceWorked, codeLevels
  }

  /// `worked` and `choiceWorked` may be absent (configs written before them; a corpus under
  /// `data.replay` gets no defaults merged in): none, and `lookup`.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    counts = try c.decode(DomainCounts.self, forKey: .counts)
    kkPeople = try c.decode([Int].self, forKey: .kkPeople)
    mathFile = try c.decode(String.self, forKey: .mathFile)
    format = try c.decode(PromptFormat.self, forKey: .format)
    seed = try c.decode(UInt64.self, forKey: .seed)
    drills = try c.decode(Int.self, forKey: .drills)
    drillKinds = try c.decode([String].self, forKey: .drillKinds)
    exclude = try c.decode([String].self, forKey: .exclude)
    onOverlap = try c.decode(OverlapPolicy.self, forKey: .onOverlap)
    worked = try c.decodeIfPresent([String: Double].self, forKey: .worked) ?? [:]
    choiceWorked = try c.decodeIfPresent(ChoiceWorkedForm.self, forKey: .choiceWorked) ?? .lookup
    codeLevels = try c.decodeIfPresent([Int].self, forKey: .codeLevels)
  }

  /// The domains `worked` may list.
  public static let workedDomains = ["arith", "choice", "code"]
  public init(counts: DomainCounts = .init(), kkPeople: [Int] = [2, 3, 4, 5, 6, 7, 8],
              mathFile: String = "../shared/data/math/math_train.json", format: PromptFormat = .r1Base, seed: UInt64 = 1,
              drills: Int = 0, drillKinds: [String] = ReadingDrills.defaultKinds,
              exclude: [String] = CorpusConfig.committedHeldOut, onOverlap: OverlapPolicy = .stop) {
    self.counts = counts; self.kkPeople = kkPeople; self.mathFile = mathFile; self.format = format; self.seed = seed
    self.drills = drills; self.drillKinds = drillKinds; self.exclude = exclude; self.onOverlap = onOverlap
  }

  /// The committed test and validation sets of every generated domain (paths from the repository root).
  public static let committedHeldOut: [String] = ["kk", "arith", "code", "choice"].flatMap { d in
    ["test", "val"].map { "puzzles/\(d)-\($0).jsonl" }
  }

  /// The keys pretraining and the warmup's replay share: `worked` domains and shares, drill kinds
  /// (an unknown kind would otherwise stop the corpus builder). Errors name the key under `prefix`.
  public func validate(prefix: String) throws {
    for (k, v) in worked {
      guard CorpusConfig.workedDomains.contains(k) else {
        throw TrainingError.badConfig("\(prefix).worked: \"\(k)\" has no short worked solutions; valid: \(CorpusConfig.workedDomains.joined(separator: ", "))")
      }
      guard v.isFinite, (0...1).contains(v) else { throw TrainingError.badConfig("\(prefix).worked.\(k) must be in 0...1, got \(v)") }
    }
    if let levels = codeLevels {
      guard !levels.isEmpty else { throw TrainingError.badConfig("\(prefix).codeLevels is empty; leave it out for levels 1-5") }
      for l in levels where !(1...CodeDomain.maxLevel).contains(l) {
        throw TrainingError.badConfig("\(prefix).codeLevels: level \(l) is not in 1...\(CodeDomain.maxLevel)")
      }
    }
    if drills < 0 { throw TrainingError.badConfig("\(prefix).drills must be >= 0, got \(drills)") }
    if drills > 0 {
      if drillKinds.isEmpty { throw TrainingError.badConfig("\(prefix).drillKinds is empty but \(prefix).drills is \(drills)") }
      if let refusal = ReadingDrills.unknownKind(in: drillKinds) {
        throw TrainingError.badConfig("\(prefix).drillKinds: \(refusal)")
      }
    }
  }
}
