// In Training, not Warmup: pretraining (Sources/Pretrain) and warmup both train through it, and stages are siblings.
// The SFT data pipeline, part 1: trace JSONL (`prompt`, `response`, optional metadata) to token
// ids with a loss weight per token. Prompt and response are encoded separately and concatenated,
// then the end-of-sequence token is appended, so the boundary is exact and the model learns to stop.
import JSON
import Seeded

/// What the data pipeline needs from a tokenizer.
public protocol TextEncoder {
  func encode(_ text: String) -> [Int]
  /// Number of token ids the tokenizer can produce (max id + 1).
  var vocabSize: Int { get }
  /// Appended after every response (nil: nothing appended).
  var eosTokenId: Int? { get }
  /// Id used for padding (never weighted).
  var padTokenId: Int { get }
}

/// Which tokens carry loss.
public enum LossOn: String, Codable, Sendable, CaseIterable {
  /// Only response tokens (and the end token): SFT.
  case response
  /// Every token after the first: plain language-model pretraining.
  case all
}

/// What happens to an example longer than the maximum length.
public enum LongExamplePolicy: String, Codable, Sendable, CaseIterable {
  /// Cut the end of the response (the loss still covers what is kept).
  case truncate
  /// Leave the example out (counted in the summary).
  case drop
}

public struct SFTExample: Sendable, Equatable {
  public var ids: [Int]
  public var weights: [Float]
  /// 1-based line of the source file (for messages and inspection).
  public var line: Int
  public var count: Int { ids.count }
  public init(ids: [Int], weights: [Float], line: Int) {
    precondition(ids.count == weights.count, "SFTExample: \(ids.count) ids, \(weights.count) weights")
    self.ids = ids; self.weights = weights; self.line = line
  }
}

public struct SFTDataset: Sendable {
  public var examples: [SFTExample]
  public var source: String
  public var skippedLines = 0
  public var droppedTooLong = 0
  public var truncated = 0
  /// Traces left out by the `people` filter.
  public var filtered = 0

  /// Reads and encodes a trace file. Malformed lines (bad JSON, missing or non-string `prompt` /
  /// `response`, empty response) stop with file and line, or are skipped and counted.
  public init(path: String, encoder: TextEncoder, maxLength: Int, lossOn: LossOn = .response,
              onBadLine: BadLinePolicy = .stop, tooLong: LongExamplePolicy = .truncate, people: [Int] = [],
              report: (String) -> Void = { printErr($0) }) throws {
    source = path
    examples = []
    let reader = try JSONLReader(path: path)
    while true {
      let record: JSON
      do {
        guard let r = try reader.next() else { break }
        record = r
        let (prompt, response) = try SFTDataset.fields(record, source: path, line: reader.lineNumber)
        if !people.isEmpty, let p = record["people"]?.int, !people.contains(p) { filtered += 1; continue }
        var ex = SFTDataset.encode(prompt: prompt, response: response, encoder: encoder, lossOn: lossOn, line: reader.lineNumber)
        if ex.count > maxLength {
          if tooLong == .drop { droppedTooLong += 1; continue }
          ex.ids.removeLast(ex.count - maxLength)
          ex.weights.removeLast(ex.weights.count - maxLength)
          if ex.weights.allSatisfy({ $0 == 0 }) { droppedTooLong += 1; continue }  // prompt alone fills it
          truncated += 1
        }
        examples.append(ex)
      } catch let e as JSONError {
        if onBadLine == .stop { throw e }
        skippedLines += 1
        report("skipping \(e)")
      }
    }
    if examples.isEmpty {
      throw JSONError(source: path, message: "no usable training example (\(skippedLines) malformed lines skipped, \(droppedTooLong) too long)")
    }
  }

  public init(examples: [SFTExample], source: String) {
    self.examples = examples; self.source = source
  }

  static func fields(_ r: JSON, source: String, line: Int) throws -> (String, String) {
    guard case .object = r else {
      throw JSONError(source: source, line: line, message: "expected an object with 'prompt' and 'response', found \(r.kindName)")
    }
    for k in ["prompt", "response"] where r[k]?.string == nil {
      throw JSONError(source: source, line: line, path: k,
                      message: r[k] == nil ? "missing field '\(k)' (a trace needs 'prompt' and 'response' strings)"
                                           : "'\(k)' must be a string, found \(r[k]!.kindName)")
    }
    let response = r["response"]!.string!
    if response.isEmpty { throw JSONError(source: source, line: line, path: "response", message: "empty response") }
    return (r["prompt"]!.string!, response)
  }

  /// Encodes one pair: weights 0 on the prompt, 1 on the response and end token (or 1 everywhere
  /// after the first token with `.all`).
  public static func encode(prompt: String, response: String, encoder: TextEncoder, lossOn: LossOn, line: Int = 0) -> SFTExample {
    let p = encoder.encode(prompt)
    var r = encoder.encode(response)
    if let eos = encoder.eosTokenId { r.append(eos) }
    let ids = p + r
    var w = [Float](repeating: lossOn == .all ? 1 : 0, count: p.count) + [Float](repeating: 1, count: r.count)
    if !w.isEmpty { w[0] = 0 }  // nothing predicts the first token
    return SFTExample(ids: ids, weights: w, line: line)
  }

  /// Encodes short-answer corpus items ({prompt, response}) as pretraining trains them: loss on every
  /// token, each cut at `maxLength`. Line numbers are 1-based item indices. Returns the examples and how
  /// many were cut.
  public static func encodeCorpus(_ items: [JSON], encoder: TextEncoder, maxLength: Int) -> (examples: [SFTExample], truncated: Int) {
    var examples: [SFTExample] = []
    var truncated = 0
    examples.reserveCapacity(items.count)
    for (i, item) in items.enumerated() {
      var ex = encode(prompt: item["prompt"]?.string ?? "", response: item["response"]?.string ?? "", encoder: encoder, lossOn: .all, line: i + 1)
      if ex.count > maxLength {
        ex = SFTExample(ids: Array(ex.ids.prefix(maxLength)), weights: Array(ex.weights.prefix(maxLength)), line: i + 1)
        truncated += 1
      }
      examples.append(ex)
    }
    return (examples, truncated)
  }

  /// Splits off `count` examples (chosen by `seed`) as a held-out set.
  public func split(heldOut count: Int, seed: UInt64) -> (train: SFTDataset, heldOut: SFTDataset) {
    let n = min(max(count, 0), examples.count - 1)
    var idx = Array(examples.indices)
    var rng = SeededRNG(seed: seed)
    rng.shuffle(&idx)
    let held = Set(idx.prefix(n))
    var a = self, b = self
    a.examples = examples.indices.filter { !held.contains($0) }.map { examples[$0] }
    b.examples = examples.indices.filter { held.contains($0) }.map { examples[$0] }
    return (a, b)
  }

  public var tokenCount: Int { examples.reduce(0) { $0 + $1.count } }
  public var weightedTokens: Int { examples.reduce(0) { $0 + $1.weights.reduce(0) { $0 + Int($1) } } }
}
