// Next-token choice from one row of logits: greedy (temperature 0) or sampling with temperature,
// top-k and top-p. Ties break towards the lower token id, so results never depend on sort stability.
import Foundation
import Kernels
import Seeded

public struct SamplingParams: Sendable, Equatable {
  /// New tokens per row at most (a per-row limit may lower it).
  public var maxNewTokens: Int
  /// 0 = greedy (argmax).
  public var temperature: Float
  /// Nucleus mass in (0, 1]; 1 disables.
  public var topP: Float
  /// Keep the k most likely tokens; 0 disables.
  public var topK: Int
  /// A row stops after emitting one of these (the EOS token is kept in its tokens). nil: the config's EOS ids.
  public var eosTokenIds: [Int]?
  /// A row stops once its decoded completion contains one of these (needs a decoder).
  public var stopStrings: [String]

  public init(maxNewTokens: Int = 128, temperature: Float = 0, topP: Float = 1, topK: Int = 0,
              eosTokenIds: [Int]? = nil, stopStrings: [String] = []) {
    self.maxNewTokens = maxNewTokens
    self.temperature = temperature
    self.topP = topP
    self.topK = topK
    self.eosTokenIds = eosTokenIds
    self.stopStrings = stopStrings
  }

  public static let greedy = SamplingParams()
}

enum Sampler {
  /// Index of the largest logit (lowest index among equals).
  static func argmax(_ z: UnsafeBufferPointer<Float>) -> Int {
    var best = 0
    for i in 1..<z.count where z[i] > z[best] { best = i }
    return best
  }

  /// log softmax(z)[i], by the same fp32 kernel teacher forcing uses (so the two agree closely).
  static func logSoftmax(_ z: UnsafeBufferPointer<Float>, at i: Int) -> Float {
    var logp: Float = 0, lse: Float = 0, target = Int32(i)
    CrossEntropy.logProbs(logp: &logp, lse: &lse, entropy: nil, logits: z.baseAddress!, targets: &target, N: 1, V: z.count)
    return logp
  }

  /// Draws a token under `p` from logits `z` (V) with `rng`.
  static func sample(_ z: UnsafeBufferPointer<Float>, _ p: SamplingParams, _ rng: inout SeededRNG) -> Int {
    if p.temperature <= 0 { return argmax(z) }
    let V = z.count
    let invT = Double(1 / p.temperature)
    // Candidates: all tokens, or the top-k / nucleus prefix of the (logit desc, id asc) order.
    var cand: [Int]
    if p.topK > 0 || p.topP < 1 {
      cand = Array(0..<V)
      let k = p.topK > 0 ? min(p.topK, V) : V
      let before: (Int, Int) -> Bool = { z[$0] > z[$1] || (z[$0] == z[$1] && $0 < $1) }
      if k < V / 8 {
        cand = partialTop(z, k: k)
      } else {
        if p.topP < 1 { cand = nucleusCandidates(z, temperature: p.temperature, topP: p.topP) }
        cand.sort(by: before)
        cand = Array(cand.prefix(k))
      }
    } else {
      cand = []
    }
    let ids = cand.isEmpty ? nil : cand
    let count = ids?.count ?? V
    var m = -Double.infinity
    for j in 0..<count { m = max(m, Double(z[ids?[j] ?? j]) * invT) }
    var w = [Double](repeating: 0, count: count)
    var total = 0.0
    for j in 0..<count { let e = Foundation.exp(Double(z[ids?[j] ?? j]) * invT - m); w[j] = e; total += e }
    var n = count
    if p.topP < 1, ids != nil {  // smallest prefix (already sorted desc) whose mass reaches topP
      var acc = 0.0
      for j in 0..<count {
        acc += w[j] / total
        if acc >= Double(p.topP) { n = j + 1; break }
      }
      total = w[0..<n].reduce(0, +)
    }
    let u = rng.nextDouble() * total
    var acc = 0.0
    for j in 0..<n {
      acc += w[j]
      if u < acc { return ids?[j] ?? j }
    }
    return ids?[n - 1] ?? (n - 1)
  }

  /// A superset of the top-p nucleus without sorting the whole vocabulary: every token whose
  /// probability is at least `ratio` times the largest. All tokens left out are less likely than all
  /// kept ones, so if the kept mass reaches topP the nucleus (a prefix of the sorted order) lies inside.
  static func nucleusCandidates(_ z: UnsafeBufferPointer<Float>, temperature: Float, topP: Float) -> [Int] {
    var m = -Float.infinity
    for x in z where x > m { m = x }
    let invT = Double(1 / temperature)
    var total = 0.0
    for x in z { total += Foundation.exp(Double(x - m) * invT) }
    for ratio in [1e-3, 1e-6, 1e-9] {
      let cut = Float(Foundation.log(ratio) / invT) + m  // logit of a token with p = ratio * p_max
      var kept: [Int] = []
      var mass = 0.0
      for i in 0..<z.count where z[i] >= cut {
        kept.append(i)
        mass += Foundation.exp(Double(z[i] - m) * invT)
      }
      if mass / total >= Double(topP) { return kept }
    }
    return Array(0..<z.count)
  }

  /// The k best ids by (logit desc, id asc), sorted.
  static func partialTop(_ z: UnsafeBufferPointer<Float>, k: Int) -> [Int] {
    let before: (Int, Int) -> Bool = { z[$0] > z[$1] || (z[$0] == z[$1] && $0 < $1) }
    var heap: [Int] = []  // kept sorted, at most k
    heap.reserveCapacity(k + 1)
    for i in 0..<z.count {
      if heap.count == k, !before(i, heap[k - 1]) { continue }
      var lo = 0, hi = heap.count
      while lo < hi { let mid = (lo + hi) / 2; if before(heap[mid], i) { lo = mid + 1 } else { hi = mid } }
      heap.insert(i, at: lo)
      if heap.count > k { heap.removeLast() }
    }
    return heap
  }
}
