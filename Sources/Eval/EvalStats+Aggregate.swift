// From per-sample verdicts to the protocols of a group of questions.
import Puzzles
import Model

/// What was measured for one sample.
public struct SampleOutcome: Sendable, Equatable {
  public var status: AnswerStatus
  public var parsed: String?
  public var formatOK: Bool
  public var tokens: Int
  public var finish: FinishReason
  public init(status: AnswerStatus, parsed: String?, formatOK: Bool, tokens: Int, finish: FinishReason) {
    self.status = status; self.parsed = parsed; self.formatOK = formatOK; self.tokens = tokens; self.finish = finish
  }
  public var correct: Bool { status == .correct }
}

/// The k samples of one question.
public struct QuestionOutcome: Sendable, Equatable {
  public var difficulty: String
  public var samples: [SampleOutcome]
  public init(difficulty: String, samples: [SampleOutcome]) { self.difficulty = difficulty; self.samples = samples }

  /// maj@k for this question: the verdict of the first sample carrying the majority answer
  /// (ties: earliest first occurrence, see `Estimators.majorityIndex`); no parsed answer = wrong.
  public var majorityCorrect: Bool {
    guard let i = Estimators.majorityIndex(samples.map(\.parsed)) else { return false }
    return samples[i].correct
  }
}

extension EvalStats {
  /// Aggregates questions that all have the same number of samples k >= 1.
  public init(_ questions: [QuestionOutcome]) {
    precondition(!questions.isEmpty, "no questions to aggregate")
    let k = questions[0].samples.count
    precondition(k >= 1 && questions.allSatisfy { $0.samples.count == k }, "every question needs the same k >= 1 samples")
    let correct = questions.map { $0.samples.map(\.correct) }
    let nq = Double(questions.count)
    n = questions.count
    samples = k
    pass1 = correct.reduce(0) { $0 + Estimators.avgAtK($1) } / nq
    passAtK = PassAtK(Estimators.passKValues(upTo: k).map { kk in
      (kk, correct.reduce(0) { $0 + Estimators.passAtK(n: k, c: $1.count(where: { $0 }), k: kk) } / nq)
    })
    majAtK = Double(questions.count(where: \.majorityCorrect)) / nq
    (mean, std) = Estimators.meanStd(Estimators.sampleSetAccuracies(correct))

    let all = questions.flatMap(\.samples)
    let ns = Double(all.count)
    func meanTokens(_ xs: [SampleOutcome]) -> Double? {
      xs.isEmpty ? nil : Double(xs.reduce(0) { $0 + $1.tokens }) / Double(xs.count)
    }
    lengthTokens = LengthStats(all: meanTokens(all)!, correct: meanTokens(all.filter(\.correct)),
                               wrong: meanTokens(all.filter { !$0.correct }))
    formatErrorRate = Double(all.count(where: { $0.status == .unparseable })) / ns
    tagFormatOK = Double(all.count(where: \.formatOK)) / ns
    truncatedRate = Double(all.count(where: { $0.finish == .length })) / ns
  }
}

extension DifficultyResult {
  /// One result per difficulty label, ordered numerically where both labels are numbers, else
  /// lexicographically (numbers first).
  public static func breakdown(_ questions: [QuestionOutcome]) -> [DifficultyResult] {
    var groups: [String: [QuestionOutcome]] = [:]
    for q in questions { groups[q.difficulty, default: []].append(q) }
    return groups.keys.sorted(by: difficultyOrder).map { DifficultyResult(difficulty: $0, stats: EvalStats(groups[$0]!)) }
  }

  static func difficultyOrder(_ a: String, _ b: String) -> Bool {
    switch (Double(a), Double(b)) {
    case let (x?, y?): return x != y ? x < y : a < b
    case (.some, nil): return true
    case (nil, .some): return false
    case (nil, nil): return a < b
    }
  }
}
