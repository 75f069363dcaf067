// Stand-ins that let the pipeline be tested without a model: a tiny domain whose answer sits in
// <answer>..</answer>, and an engine whose text is a function of (prompt, row seed) only.
import JSON
import Puzzles
import Model
@testable import Eval

struct TagDomain: DomainSpec {
  var domain: Domain { .arith }
  var requiredFields: [String] { ["question", "answer"] }
  func question(_ r: JSON) throws -> String {
    guard let q = r["question"]?.string else { throw JSONError(source: "tag", path: "question", message: "expected a string") }
    return q
  }
  func verify(_ r: JSON, completion: String) throws -> Verdict {
    guard let a = completion.range(of: "<answer>"), let b = completion.range(of: "</answer>"), a.upperBound <= b.lowerBound else {
      return Verdict(formatOK: false, status: .unparseable, parsed: nil)
    }
    let p = String(completion[a.upperBound..<b.lowerBound])
    return Verdict(formatOK: true, status: p == r["answer"]?.string ? .correct : .wrong, parsed: p)
  }
  func difficulty(_ r: JSON) -> String { r["difficulty"].map { $0.int.map(String.init) ?? "?" } ?? "?" }
  func generate(split: Split, count: Int, seed: UInt64, difficulty: Int?) throws -> [JSON] { [] }
}

/// Answers "1".."3" or nothing, chosen by the row seed; records every batch it was given.
final class ScriptedEngine: CompletionEngine {
  var batches: [[CompletionRequest]] = []
  func complete(_ requests: [CompletionRequest], sampling: Sampling,
                progress: (GenerationProgress) -> Void) throws -> [Completion] {
    batches.append(requests)
    var tokens = 0
    return requests.enumerated().map { i, r in
      let pick = Int(r.seed % 4)
      let text = pick == 3 ? "I am not sure" : "<answer>\(pick + 1)</answer>"
      let n = 5 + Int((r.seed >> 8) % UInt64(sampling.maxNewTokens))
      tokens += n
      progress(GenerationProgress(rowsDone: i + 1, rowsTotal: requests.count, tokens: tokens))
      return Completion(text: text, tokens: min(n, sampling.maxNewTokens), finish: n >= sampling.maxNewTokens ? .length : .eos)
    }
  }
}
