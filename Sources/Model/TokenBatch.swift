// A batch of token rows for the training/scoring forward: B rows of T tokens, each token with its
// RoPE position and a segment id (a query attends only to earlier keys of its own segment), so the
// same layout serves right-padded batches and packed documents.

public struct TokenBatch: Sendable, Equatable {
  public var B: Int
  public var T: Int
  public var tokens: [Int32]     // (B, T)
  public var positions: [Int32]  // (B, T)
  public var segments: [Int32]   // (B, T)
  /// Real (non-padding) tokens per row.
  public var lengths: [Int]

  public var N: Int { B * T }

  public init(B: Int, T: Int, tokens: [Int32], positions: [Int32], segments: [Int32], lengths: [Int]) {
    precondition(tokens.count == B * T && positions.count == B * T && segments.count == B * T,
                 "TokenBatch: arrays must hold B*T = \(B * T) entries")
    self.B = B
    self.T = T
    self.tokens = tokens
    self.positions = positions
    self.segments = segments
    self.lengths = lengths
  }

  /// One sequence per row, right-padded with `padId` to T (default: the longest). Padding tokens form
  /// their own segment so they never influence real tokens.
  public static func padded(_ seqs: [[Int]], T: Int? = nil, padId: Int = 0) -> TokenBatch {
    let T = T ?? max(1, seqs.map(\.count).max() ?? 1)
    precondition(seqs.allSatisfy { $0.count <= T }, "TokenBatch.padded: a sequence is longer than T=\(T)")
    var tok = [Int32](repeating: Int32(padId), count: seqs.count * T)
    var pos = [Int32](repeating: 0, count: seqs.count * T)
    var seg = [Int32](repeating: 1, count: seqs.count * T)
    for (b, s) in seqs.enumerated() {
      for t in 0..<T {
        pos[b * T + t] = Int32(t)
        if t < s.count { tok[b * T + t] = Int32(s[t]); seg[b * T + t] = 0 }
      }
    }
    return TokenBatch(B: seqs.count, T: T, tokens: tok, positions: pos, segments: seg, lengths: seqs.map(\.count))
  }

  /// Sequences packed in order into rows of T tokens (a sequence never straddles rows); each
  /// sequence restarts positions at 0 and has its own segment. Returns the batch and, per sequence,
  /// (row, start column).
  public static func packed(_ seqs: [[Int]], T: Int, padId: Int = 0) -> (TokenBatch, [(row: Int, start: Int)]) {
    precondition(seqs.allSatisfy { $0.count <= T && !$0.isEmpty }, "TokenBatch.packed: sequences must be 1...T=\(T) tokens")
    var rows: [[Int]] = []
    var place: [(row: Int, start: Int)] = []
    var segOf: [[Int32]] = []
    var posOf: [[Int32]] = []
    for s in seqs {
      if rows.isEmpty || rows[rows.count - 1].count + s.count > T { rows.append([]); segOf.append([]); posOf.append([]) }
      let r = rows.count - 1
      place.append((r, rows[r].count))
      let id = Int32(segOf[r].last.map { $0 + 1 } ?? 0)
      rows[r] += s
      segOf[r] += [Int32](repeating: id, count: s.count)
      posOf[r] += (0..<s.count).map { Int32($0) }
    }
    var tok = [Int32](), pos = [Int32](), seg = [Int32]()
    for r in rows.indices {
      let pad = T - rows[r].count
      tok += rows[r].map { Int32($0) } + [Int32](repeating: Int32(padId), count: pad)
      pos += posOf[r] + (0..<pad).map { Int32($0) }
      seg += segOf[r] + [Int32](repeating: Int32.max, count: pad)
    }
    let batch = TokenBatch(B: rows.count, T: T, tokens: tok, positions: pos, segments: seg, lengths: rows.map(\.count))
    return (batch, place)
  }

  /// Next-token targets: target[b, t] = tokens[b, t+1] when both are real tokens of the same segment,
  /// else -1 (ignored).
  public func nextTokenTargets() -> [Int32] {
    var out = [Int32](repeating: -1, count: N)
    for b in 0..<B {
      for t in 0..<(T - 1) where t + 1 < lengths[b] {
        let i = b * T + t
        if segments[i] == segments[i + 1] { out[i] = tokens[i + 1] }
      }
    }
    return out
  }
}

extension TokenBatch {
  /// Rows of prompt + completion, right-padded; targets only on completion tokens (the prompt is masked),
  /// so `weights = 1/count` where target >= 0 gives the SFT mean over completion tokens.
  /// Row i's completion token j is predicted at index i*T + prompts[i].count - 1 + j.
  public static func promptCompletion(prompts: [[Int]], completions: [[Int]], T: Int? = nil, padId: Int = 0)
    -> (batch: TokenBatch, targets: [Int32]) {
    precondition(prompts.count == completions.count, "promptCompletion: \(prompts.count) prompts, \(completions.count) completions")
    precondition(prompts.allSatisfy { !$0.isEmpty }, "promptCompletion: every prompt needs at least one token")
    let batch = TokenBatch.padded(zip(prompts, completions).map { $0 + $1 }, T: T, padId: padId)
    var targets = [Int32](repeating: -1, count: batch.N)
    for i in prompts.indices {
      for (j, tok) in completions[i].enumerated() { targets[i * batch.T + prompts[i].count - 1 + j] = Int32(tok) }
    }
    return (batch, targets)
  }
}
