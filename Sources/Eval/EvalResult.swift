// The one evaluation result format every stage, the ablation and the notebooks read.
// Field order is fixed (declaration order), so the same seed gives the same bytes; everything that
// depends on the clock lives in `timing`, the last field.
import JSON
import Puzzles

/// pass@k' for k' = 1, 2, 4, ..., k, written as an object keyed by k' in increasing order.
public struct PassAtK: Sendable, Equatable, Codable {
  public var values: [(k: Int, value: Double)]
  public init(_ values: [(k: Int, value: Double)]) { self.values = values }
  public subscript(k: Int) -> Double? { values.first(where: { $0.k == k })?.value }

  public static func == (a: PassAtK, b: PassAtK) -> Bool {
    a.values.count == b.values.count && zip(a.values, b.values).allSatisfy { $0.k == $1.k && $0.value == $1.value }
  }
  struct Key: CodingKey {
    var stringValue: String; var intValue: Int? { Int(stringValue) }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { stringValue = String(intValue) }
  }
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Key.self)
    for (k, v) in values { try c.encode(v, forKey: Key(stringValue: String(k))) }
  }
  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: Key.self)
    values = try c.allKeys.compactMap { key in Int(key.stringValue).map { ($0, key) } }
      .sorted { $0.0 < $1.0 }
      .map { ($0.0, try c.decode(Double.self, forKey: $0.1)) }
  }
}

/// Mean response length in generated tokens; nil where no sample fell in the group.
public struct LengthStats: Sendable, Equatable, Codable {
  public var all: Double
  public var correct: Double?
  public var wrong: Double?
}

/// The protocols and breakdowns of one group of questions (a domain, or one difficulty of it).
public struct EvalStats: Sendable, Equatable, Codable {
  /// Questions.
  public var n: Int
  /// Samples per question (k).
  public var samples: Int
  /// Mean over the k samples of each question, then over questions (avg@k).
  public var pass1: Double
  public var passAtK: PassAtK
  public var majAtK: Double
  /// Mean and population std (ddof 0) of the accuracies of the k sample sets.
  public var mean: Double
  public var std: Double
  public var lengthTokens: LengthStats
  /// Fraction of samples with no extractable answer (no `<answer>`, no `\boxed{}`, unparseable).
  public var formatErrorRate: Double
  /// Fraction of samples whose R1 tag structure (`<think>..</think><answer>..</answer>`) is right.
  public var tagFormatOK: Double
  /// Fraction of samples that hit the token limit.
  public var truncatedRate: Double

  enum CodingKeys: String, CodingKey {
    case n, samples, pass1 = "pass@1", passAtK = "pass@k", majAtK = "maj@k", mean, std
    case lengthTokens = "length_tokens", formatErrorRate = "format_error_rate"
    case tagFormatOK = "tag_format_ok_rate", truncatedRate = "truncated_rate"
  }
}

public struct DifficultyResult: Sendable, Equatable, Codable {
  public var difficulty: String
  public var stats: EvalStats
}

public struct DomainResult: Sendable, Equatable, Codable {
  public var domain: Domain
  /// The file the records came from.
  public var input: String
  /// Records evaluated (after `--limit`).
  public var records: Int
  public var overall: EvalStats
  /// Sorted by difficulty (numerically where labels are numbers).
  public var byDifficulty: [DifficultyResult]
  public var generatedTokens: Int
  /// Prompt tokens over all rows (each of the k samples prefills its prompt): the prefill cost.
  public var promptTokens: Int
  /// What a model with no skill would score (constant answers, the model's own answers shuffled,
  /// random picks), each through the domain's verifier; K&K also on mixed-role puzzles alone.
  /// Absent from results written before baselines existed.
  public var baselines: DomainBaselines? = nil

  enum CodingKeys: String, CodingKey {
    case domain, input, records, overall, byDifficulty = "by_difficulty", generatedTokens = "generated_tokens"
    case promptTokens = "prompt_tokens", baselines
  }
}

public struct ModelInfo: Sendable, Equatable, Codable {
  public var dir: String
  /// FNV-1a 64 of config.json's bytes and the names and sizes of the weight files (cheap, and
  /// changes whenever a checkpoint is rewritten with other shapes or another config).
  public var configHash: String
  public init(dir: String, configHash: String) { self.dir = dir; self.configHash = configHash }
  enum CodingKeys: String, CodingKey { case dir, configHash = "config_hash" }
}

/// Clock-dependent figures: excluded from the determinism guarantee.
public struct Timing: Sendable, Equatable, Codable {
  public var wallSeconds: Double
  public var tokensPerSecond: Double
  public init(wallSeconds: Double, tokensPerSecond: Double) {
    self.wallSeconds = wallSeconds; self.tokensPerSecond = tokensPerSecond
  }
  enum CodingKeys: String, CodingKey { case wallSeconds = "wall_seconds", tokensPerSecond = "tokens_per_second" }
}

public struct EvalResult: Sendable, Equatable, Codable {
  public var model: ModelInfo
  /// The exact command line.
  public var command: String
  public var seed: UInt64
  public var sampling: Sampling
  public var promptFormat: PromptFormat
  public var domains: [DomainResult]
  public var timing: Timing

  enum CodingKeys: String, CodingKey {
    case model, command, seed, sampling, promptFormat = "prompt_format", domains, timing
  }

  public func json() throws -> JSON { try JSON(encoding: self) }
  /// Pretty, deterministic text (what `--out` writes and `--json` prints).
  public func serialized() throws -> String { try json().serialized(pretty: true) + "\n" }
  public static func load(file path: String) throws -> EvalResult {
    try JSON.read(file: path).decode(EvalResult.self, source: path)
  }
}
