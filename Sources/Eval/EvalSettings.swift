// Checks of an evaluation's settings, shared by the CLI and any stage that calls Eval directly, so
// that a bad setting gets one message wherever it comes from.
import Puzzles

public enum EvalSettings {
  /// Domains by name: at least one, each known, none repeated.
  public static func domains(_ names: [String]) throws -> [Domain] {
    if names.isEmpty { throw EvalError.invalidSetting("give at least one --domain (valid: \(Domain.validNames))") }
    var out: [Domain] = []
    for n in names {
      guard let d = Domain(rawValue: n) else { throw EvalError.invalidSetting("unknown domain '\(n)' (valid: \(Domain.validNames))") }
      if out.contains(d) { throw EvalError.invalidSetting("--domain \(n) is given twice") }
      out.append(d)
    }
    return out
  }

  public static func split(_ name: String) throws -> Split {
    guard let s = Split(rawValue: name) else {
      throw EvalError.invalidSetting("unknown --split '\(name)' (valid: \(Split.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    return s
  }

  public static func format(_ name: String) throws -> PromptFormat {
    guard let f = PromptFormat(rawValue: name) else {
      throw EvalError.invalidSetting("unknown --format '\(name)' (valid: \(PromptFormat.validNames))")
    }
    return f
  }

  /// Ranges of the sampling settings, the record limit and the batch size.
  public static func check(_ s: Sampling, limit: Int? = nil, batchRows: Int = 64) throws {
    func fail(_ m: String) -> EvalError { .invalidSetting(m) }
    if s.samples < 1 { throw fail("--samples must be at least 1 (got \(s.samples))") }
    if s.samples > 100_000 { throw fail("--samples must be at most 100000 (got \(s.samples))") }
    if !(s.temperature >= 0) || !s.temperature.isFinite { throw fail("--temperature must be >= 0 (got \(s.temperature)); 0 means greedy") }
    if !(s.topP > 0 && s.topP <= 1) { throw fail("--top-p must be in (0, 1] (got \(s.topP))") }
    if s.maxNewTokens < 1 { throw fail("--max-new-tokens must be at least 1 (got \(s.maxNewTokens))") }
    if s.stop.contains("") { throw fail("--stop needs a non-empty string") }
    if let limit, limit < 1 { throw fail("--limit must be at least 1 (got \(limit))") }
    if batchRows < 1 { throw fail("--batch-rows must be at least 1 (got \(batchRows))") }
    if batchRows > 65_536 { throw fail("--batch-rows must be at most 65536 (got \(batchRows))") }
  }
}
