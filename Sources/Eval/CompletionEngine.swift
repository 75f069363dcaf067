// What evaluation needs from a text generator, behind a protocol so that the aggregation can be
// tested with a scripted engine and any generator (the batched KV-cache one, a remote one) plugs in.
// `FinishReason` (eos / stop / length) is the Model module's, so both speak of one type.
import Model

/// One generated completion.
public struct Completion: Sendable, Equatable {
  public var text: String
  /// Generated tokens, the final EOS or stop-string tokens included (the generator's count).
  public var tokens: Int
  public var finish: FinishReason
  /// Tokens of the prompt (prefill cost; 0 where an engine does not know).
  public var promptTokens: Int
  public init(text: String, tokens: Int, finish: FinishReason, promptTokens: Int = 0) {
    self.text = text; self.tokens = tokens; self.finish = finish; self.promptTokens = promptTokens
  }
}

/// Sampling settings of an evaluation (recorded verbatim in the result).
public struct Sampling: Sendable, Equatable, Codable {
  /// k: samples per question. Forced to 1 when greedy.
  public var samples: Int
  /// 0 means greedy (argmax).
  public var temperature: Double
  /// Nucleus mass; 1 disables it.
  public var topP: Double
  public var maxNewTokens: Int
  /// Generation stops after any of these strings (kept in the text).
  public var stop: [String]

  public init(samples: Int, temperature: Double, topP: Double = 1, maxNewTokens: Int = 1024, stop: [String] = []) {
    self.samples = samples; self.temperature = temperature; self.topP = topP
    self.maxNewTokens = maxNewTokens; self.stop = stop
  }

  public var greedy: Bool { temperature == 0 }

  enum CodingKeys: String, CodingKey {
    case samples, temperature, topP = "top_p", maxNewTokens = "max_new_tokens", stop
  }
}

/// One row for the generator: a prompt and the seed of its own random stream, so that a row's
/// completion does not depend on which other rows share its batch.
public struct CompletionRequest: Sendable, Equatable {
  public var prompt: String
  public var seed: UInt64
  public init(prompt: String, seed: UInt64) { self.prompt = prompt; self.seed = seed }
}

/// Progress of one `complete` call, reported as rows finish.
public struct GenerationProgress: Sendable, Equatable {
  /// Rows finished (0 where the engine cannot tell, e.g. under continuous batching).
  public var rowsDone: Int
  public var rowsTotal: Int
  /// Tokens generated so far in this call (all rows).
  public var tokens: Int
  public init(rowsDone: Int, rowsTotal: Int, tokens: Int) {
    self.rowsDone = rowsDone; self.rowsTotal = rowsTotal; self.tokens = tokens
  }
}

public protocol CompletionEngine {
  /// Generates one completion per request, in request order. Rows may have different prompt
  /// lengths; a row that finished must stop costing compute. Same requests and sampling give the
  /// same completions.
  func complete(_ requests: [CompletionRequest], sampling: Sampling,
                progress: (GenerationProgress) -> Void) throws -> [Completion]
}

/// Per-row seeds: a splitmix64 hash of (run seed, domain, question index, sample index), so a
/// question's samples are the same whatever `--limit`, batch size or other domains are chosen (up to
/// the Generator's note: 1-row and M-row decode GEMMs round differently, ~1e-6 in log-probs, which can
/// flip a sampled token only when a draw lands within that of a bucket edge).
public enum RowSeed {
  public static func make(seed: UInt64, domain: String, question: Int, sample: Int) -> UInt64 {
    var h = mix(seed)
    for b in domain.utf8 { h = mix(h ^ UInt64(b)) }
    h = mix(h ^ UInt64(question))
    return mix(h ^ (UInt64(sample) &* 0x9E37_79B9_7F4A_7C15))
  }

  static func mix(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
