// The task domains and the one interface every domain implements. Records are JSON objects that
// keep the public field names (K&K: `quiz`, `names`, `solution`, ...; others: `id`, `domain`,
// `difficulty`, `question` and their gold fields).
import JSON

public enum Domain: String, CaseIterable, Sendable, Codable {
  case arith, code, choice, kk, math

  public static var validNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

  /// The implementation of this domain.
  public var spec: any DomainSpec {
    switch self {
    case .kk: return KKDomain()
    case .arith: return ArithDomain()
    case .code: return CodeDomain()
    case .choice: return ChoiceDomain()
    case .math: return MathDomain()
    }
  }
}

/// `val` is the validation split: disjoint from train and test, for in-training probes and every
/// choice of epochs or settings (the test set is read only for final numbers).
public enum Split: String, CaseIterable, Sendable, Codable { case train, test, val }

/// Whether a parsed answer matched the gold answer.
public enum AnswerStatus: String, Sendable, Codable {
  case correct, wrong
  /// No answer could be extracted (no `<answer>`, no `\boxed{}`, unparseable content).
  case unparseable
}

/// A verifier's judgement of one completion.
public struct Verdict: Sendable, Equatable {
  /// The R1 tag structure: `<think>`, `</think>`, `<answer>`, `</answer>` each exactly once, in order.
  public var formatOK: Bool
  public var status: AnswerStatus
  /// The extracted answer in canonical text form (for maj@k voting and inspection).
  public var parsed: String?

  public init(formatOK: Bool, status: AnswerStatus, parsed: String?) {
    self.formatOK = formatOK; self.status = status; self.parsed = parsed
  }
  public var correct: Bool { status == .correct }
}

/// One task domain: how to read its records, how to pose them, how to judge answers, how to make more.
public protocol DomainSpec: Sendable {
  var domain: Domain { get }
  /// The question text of a record (the body of the prompt). Throws naming the missing field.
  func question(_ record: JSON) throws -> String
  /// Judges `completion` against the record's gold fields. Never crashes on hostile text.
  func verify(_ record: JSON, completion: String) throws -> Verdict
  /// The difficulty label used in breakdowns (K&K: people count, e.g. "3"; others: level, e.g. "2").
  func difficulty(_ record: JSON) -> String
  /// Fields a record of this domain must have (checked before use so errors name them).
  var requiredFields: [String] { get }
  /// Seeded generation of `count` records for `split` (nil where the domain has no generator, e.g. math).
  func generate(split: Split, count: Int, seed: UInt64, difficulty: Int?) throws -> [JSON]
}

extension DomainSpec {
  /// Checks `record` has every required field; the error names the source, line and field.
  public func validate(_ record: JSON, source: String, line: Int) throws {
    for f in requiredFields where record[f] == nil {
      throw JSONError(source: source, line: line,
                      message: "not a \(domain.rawValue) record: missing field '\(f)' (required: \(requiredFields.joined(separator: ", ")))")
    }
  }
}
