// The R1 tag structure shared by every domain's verifier and by the format rewards (Logic-RL's rule):
// `<think>`, `</think>`, `<answer>`, `</answer>` each exactly once, in this order.

public enum R1Format {
  static let tags = ["<think>", "</think>", "<answer>", "</answer>"].map { Array($0.utf8) }

  /// Whether `completion` has the four tags each exactly once and in order. With `thinkInPrompt`
  /// (prompts that end in `Assistant: <think>`, as in the R1 base prompt), the opening `<think>` is
  /// taken to precede the completion, so the completion must not repeat it.
  public static func check(_ completion: String, thinkInPrompt: Bool = false) -> Bool {
    let b = Array(completion.utf8)
    var positions: [Int] = []
    for (k, tag) in tags.enumerated() {
      let hits = occurrences(of: tag, in: b)
      if k == 0 && thinkInPrompt {
        guard hits.isEmpty else { return false }
        positions.append(-1)
        continue
      }
      guard hits.count == 1 else { return false }
      positions.append(hits[0])
    }
    return zip(positions, positions.dropFirst()).allSatisfy { $0 < $1 }
  }

  /// The text inside the last `<answer>...</answer>` block, or nil when there is none.
  public static func answerBlock(_ completion: String) -> String? {
    let b = Array(completion.utf8)
    guard let close = occurrences(of: tags[3], in: b).last else { return nil }
    guard let open = occurrences(of: tags[2], in: b).last(where: { $0 + tags[2].count <= close }) else { return nil }
    return String(decoding: b[(open + tags[2].count)..<close], as: UTF8.self)
  }

  /// Start offsets of `pat` in `b` (non-overlapping, linear for tags that cannot overlap themselves).
  static func occurrences(of pat: [UInt8], in b: [UInt8]) -> [Int] {
    var out: [Int] = [], i = 0
    while i + pat.count <= b.count {
      if b[i] == pat[0], MathText.hasPrefix(b, pat, at: i) { out.append(i); i += pat.count } else { i += 1 }
    }
    return out
  }
}
