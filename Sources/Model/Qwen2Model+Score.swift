// Teacher-forced log-probabilities of given completions, batched (right-padded rows).
extension Qwen2Model {
  /// For each row, log p(completion[i] | prompt + completion[..<i]) for every completion token.
  /// Rows run in chunks of at most `maxTokensPerChunk` padded tokens to bound the logits' memory.
  public func completionLogprobs(prompts: [[Int]], completions: [[Int]], maxTokensPerChunk: Int = 8192) -> [[Float]] {
    precondition(prompts.count == completions.count, "completionLogprobs: \(prompts.count) prompts, \(completions.count) completions")
    precondition(prompts.allSatisfy { !$0.isEmpty }, "completionLogprobs: every prompt needs at least one token")
    var out = [[Float]](repeating: [], count: prompts.count)
    var start = 0
    while start < prompts.count {
      // Grow the chunk while the padded size stays within budget (always at least one row).
      var end = start + 1, longest = prompts[start].count + completions[start].count
      while end < prompts.count {
        let l = max(longest, prompts[end].count + completions[end].count)
        if l * (end + 1 - start) > maxTokensPerChunk { break }
        longest = l
        end += 1
      }
      let (batch, targets) = TokenBatch.promptCompletion(prompts: Array(prompts[start..<end]),
                                                         completions: Array(completions[start..<end]))
      let lp = forward(batch, targets: targets).logprobs
      last = nil
      for (r, i) in (start..<end).enumerated() {
        let base = r * batch.T + prompts[i].count - 1
        out[i] = Array(lp[base..<(base + completions[i].count)])
      }
      start = end
    }
    return out
  }
}
