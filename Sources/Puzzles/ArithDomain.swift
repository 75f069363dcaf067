// `arith`, the MATH analogue of the embedded default: seeded multi-step arithmetic and simple algebra
// word problems at levels 1...5, the answer in `\boxed{}`, judged by the math verifier.
// Records: `id`, `domain`, `difficulty`, `question`, `answer` (LaTeX), `solution` (short worked form).
import JSON
import Seeded

public struct ArithDomain: DomainSpec {
  public init() {}
  public var domain: Domain { .arith }
  public var requiredFields: [String] { ["question", "answer"] }

  /// The record's problem followed by the answer instruction.
  public func question(_ record: JSON) throws -> String {
    try TaskSplit.string(record, "question", domain: .arith) + " " + Self.instruction
  }

  public func verify(_ record: JSON, completion: String) throws -> Verdict {
    MathDomain.verifyBoxed(gold: try TaskSplit.string(record, "answer", domain: .arith), completion: completion)
  }

  public func difficulty(_ record: JSON) -> String { TaskSplit.level(record) }

  public func generate(split: Split, count: Int, seed: UInt64, difficulty: Int?) throws -> [JSON] {
    try TaskSplit.generate(domain: .arith, split: split, count: count, seed: seed, difficulty: difficulty) { rng, level in
      let p = ArithDomain.problem(level: level, rng: &rng)
      return .init(question: p.question,
                   fields: [("answer", .string(p.answer)), ("solution", .string(p.solution))])
    }
  }

  /// The end of every arith prompt body (not stored in the records).
  public static let instruction = "Put the final answer in \\boxed{}."

  /// One problem at `level` (public so that corpus builders can draw without records).
  public static func problem(level: Int, rng: inout SeededRNG) -> ArithProblem {
    let makers = ArithProblem.makers[max(1, min(5, level)) - 1]
    return makers[rng.below(makers.count)](&rng)
  }
}
