// The evaluation protocols, all computed from one set of k samples per question.
//   pass@1 (avg@k, DeepScaleR): the mean over the k samples of "sample is correct".
//   pass@k' (Codex, Chen et al. 2021): unbiased 1 - C(n-c, k') / C(n, k'), in the stable product form.
//   maj@k: majority vote over the parsed answers of the k samples.
//   mean +- std: accuracy of each of the k sample sets (set j = the j-th sample of every question).

public enum Estimators {
  /// Unbiased pass@k for one question with `n` samples of which `c` are correct:
  /// 1 - C(n-c, k)/C(n, k) = 1 - prod_{i=n-c+1}^{n} (1 - k/i). The product never forms a binomial,
  /// so it neither overflows nor cancels for large n.
  public static func passAtK(n: Int, c: Int, k: Int) -> Double {
    precondition(n >= 1 && c >= 0 && c <= n && k >= 1 && k <= n, "passAtK needs 0 <= c <= n, 1 <= k <= n (n=\(n) c=\(c) k=\(k))")
    if c == 0 { return 0 }
    if n - c < k { return 1 }  // every k-subset holds a correct sample
    var prod = 1.0
    for i in (n - c + 1)...n { prod *= 1 - Double(k) / Double(i) }
    return 1 - prod
  }

  /// The k' values reported: powers of two up to k, and k itself when it is not one (1, 2, 4, ..., k).
  public static func passKValues(upTo k: Int) -> [Int] {
    precondition(k >= 1)
    var out: [Int] = []
    var v = 1
    while v <= k { out.append(v); v *= 2 }
    if out.last != k { out.append(k) }
    return out
  }

  /// pass@1 as avg@k: the fraction of correct samples.
  public static func avgAtK(_ correct: [Bool]) -> Double {
    precondition(!correct.isEmpty)
    return Double(correct.count(where: { $0 })) / Double(correct.count)
  }

  /// The majority answer among `answers` (nil = no parsed answer, which never votes).
  /// Ties are broken by the earliest first occurrence: among the answers with the most votes,
  /// the one whose first sample comes first wins. Returns nil when no sample parsed.
  /// Returns the index of the first sample that gave the winning answer, so the caller can take
  /// that sample's verdict.
  public static func majorityIndex(_ answers: [String?]) -> Int? {
    var votes: [String: Int] = [:]
    var first: [String: Int] = [:]
    for (i, a) in answers.enumerated() {
      guard let a else { continue }
      votes[a, default: 0] += 1
      if first[a] == nil { first[a] = i }
    }
    var best: (count: Int, index: Int)? = nil
    for (a, c) in votes {
      let i = first[a]!
      if best == nil || c > best!.count || (c == best!.count && i < best!.index) { best = (c, i) }
    }
    return best?.index
  }

  /// Mean and population standard deviation (divide by the count, numpy's default ddof=0) of `xs`.
  /// Population, not sample, std: the k sample sets are the whole population we measured, and
  /// k = 1 (greedy) then gives std 0 rather than undefined.
  public static func meanStd(_ xs: [Double]) -> (mean: Double, std: Double) {
    precondition(!xs.isEmpty)
    let n = Double(xs.count)
    let mean = xs.reduce(0, +) / n
    let v = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
    return (mean, v.squareRoot())
  }

  /// Accuracy of each of the k sample sets: `correct[q][j]` is sample j of question q.
  /// Set j is the j-th sample of every question, like one full evaluation run with its own seed.
  public static func sampleSetAccuracies(_ correct: [[Bool]]) -> [Double] {
    precondition(!correct.isEmpty)
    let k = correct[0].count
    precondition(correct.allSatisfy { $0.count == k }, "every question needs the same number of samples")
    return (0..<k).map { j in Double(correct.count(where: { $0[j] })) / Double(correct.count) }
  }
}
