// Small stand-ins for the loop tests that must not depend on the Qwen2 model: a bigram language
// model (logits = table[prev] + bias) with an exact gradient and its own AdamW, and a character
// encoder. They exercise the plumbing (accumulation, clipping, checkpoints, resume, NaN guard).
import JSON
import Seeded
import Training
#if canImport(Glibc)
import Glibc
#endif

public final class BigramModel: TrainableModel {
  public let V: Int
  public var table: [Float], bias: [Float]           // (V, V), (V)
  public var gTable: [Float], gBias: [Float]
  public var mT: [Float], vT: [Float], mB: [Float], vB: [Float]
  public var t = 0
  public let wd: Float = 0.01
  /// Makes the loss NaN from this optimizer step on (1-based), to test the guard.
  public var nanFromStep: Int?

  public init(vocab: Int, seed: UInt64) {
    V = vocab
    var rng = SeededRNG(seed: seed)
    table = (0..<(vocab * vocab)).map { _ in rng.normal() * 0.02 }
    bias = [Float](repeating: 0, count: vocab)
    gTable = [Float](repeating: 0, count: vocab * vocab); gBias = [Float](repeating: 0, count: vocab)
    mT = gTable; vT = gTable; mB = gBias; vB = gBias
  }

  public var vocabSize: Int { V }

  /// Softmax of row `prev` (V).
  private func probs(_ prev: Int) -> [Float] {
    var p = [Float](repeating: 0, count: V)
    var mx = -Float.infinity
    for j in 0..<V { p[j] = table[prev * V + j] + bias[j]; mx = max(mx, p[j]) }
    var z: Float = 0
    for j in 0..<V { p[j] = expf(p[j] - mx); z += p[j] }
    for j in 0..<V { p[j] /= z }
    return p
  }

  private var pending: WeightedBatch?

  public func scoreTokens(_ b: WeightedBatch, entropy: Bool, keepForBackward: Bool) throws -> TokenScores {
    var lp = [Float](repeating: 0, count: b.rows * b.length)
    var ent: [Float]? = entropy ? lp : nil
    for r in 0..<b.rows {
      for i in 1..<max(b.lengths[r], 1) {
        let p = probs(Int(b.tokens[r * b.length + i - 1]))
        lp[r * b.length + i] = logf(p[Int(b.tokens[r * b.length + i])])
        if entropy { ent![r * b.length + i] = -p.reduce(0) { $0 + ($1 > 0 ? $1 * logf($1) : 0) } }
      }
    }
    if keepForBackward, let n = nanFromStep, t + 1 >= n { lp = lp.map { _ in .nan } }
    pending = keepForBackward ? b : nil
    return TokenScores(logprobs: lp, entropy: ent)
  }

  public func backwardTokens(dlogprobs: [Float], dentropy: [Float]?) throws {
    guard let b = pending else { preconditionFailure("backwardTokens before scoreTokens") }
    pending = nil
    for r in 0..<b.rows {
      for i in 1..<max(b.lengths[r], 1) {
        let d = dlogprobs[r * b.length + i]
        if d == 0 { continue }
        let prev = Int(b.tokens[r * b.length + i - 1]), next = Int(b.tokens[r * b.length + i])
        let p = probs(prev)
        for j in 0..<V {
          let g = (p[j] - (j == next ? 1 : 0)) * -d  // d(logp_next)/dlogit_j = 1[j = next] - p_j
          gTable[prev * V + j] += g
          gBias[j] += g
        }
      }
    }
  }

  public func zeroGradients() {
    for i in gTable.indices { gTable[i] = 0 }
    for i in gBias.indices { gBias[i] = 0 }
  }
  public func gradientNorm() -> Double {
    (gTable.reduce(0.0) { $0 + Double($1 * $1) } + gBias.reduce(0.0) { $0 + Double($1 * $1) }).squareRoot()
  }
  public func optimizerStep(lr: Double, gradScale: Float) {
    t += 1
    let b1: Float = 0.9, b2: Float = 0.999, eps: Float = 1e-8, lr = Float(lr)
    let c1 = 1 - powf(b1, Float(t)), c2 = 1 - powf(b2, Float(t))
    func upd(_ p: inout [Float], _ g: [Float], _ m: inout [Float], _ v: inout [Float]) {
      for i in p.indices {
        let gi = g[i] * gradScale
        m[i] = b1 * m[i] + (1 - b1) * gi
        v[i] = b2 * v[i] + (1 - b2) * gi * gi
        p[i] -= lr * ((m[i] / c1) / ((v[i] / c2).squareRoot() + eps) + wd * p[i])
      }
    }
    upd(&table, gTable, &mT, &vT)
    upd(&bias, gBias, &mB, &vB)
  }

  public static func bits(_ a: [Float]) -> JSON { .array(a.map { .int(Int($0.bitPattern)) }) }
  public static func floats(_ j: JSON?) -> [Float] { (j?.array ?? []).map { Float(bitPattern: UInt32($0.int!)) } }

  public func saveModel(to dir: String) throws {
    try FS.makeDirectories(dir)
    try JSON.object(JSONObject(pairs: [("vocab_size", .int(V)), ("table", Self.bits(table)), ("bias", Self.bits(bias))]))
      .write(file: dir + "/model.json", pretty: false)
  }
  public func saveOptimizer(to dir: String) throws {
    try JSON.object(JSONObject(pairs: [("t", .int(t)), ("mT", Self.bits(mT)), ("vT", Self.bits(vT)),
                                       ("mB", Self.bits(mB)), ("vB", Self.bits(vB))]))
      .write(file: dir + "/optimizer.json", pretty: false)
  }
  public func loadOptimizer(from dir: String) throws {
    let j = try JSON.read(file: dir + "/optimizer.json")
    t = j["t"]!.int!; mT = Self.floats(j["mT"]); vT = Self.floats(j["vT"]); mB = Self.floats(j["mB"]); vB = Self.floats(j["vB"])
  }
  public static func load(from dir: String) throws -> BigramModel {
    let j = try JSON.read(file: dir + "/model.json")
    let m = BigramModel(vocab: j["vocab_size"]!.int!, seed: 0)
    m.table = floats(j["table"]); m.bias = floats(j["bias"])
    return m
  }
  public func parameterValues() -> [(name: String, values: [Float])] { [("table", table), ("bias", bias)] }
}

/// One token per byte (ids 0..<256), end token 256, pad 257.
public struct ByteEncoder: TextEncoder {
  public init() {}
  public func encode(_ text: String) -> [Int] { text.utf8.map { Int($0) } }
  public var vocabSize: Int { 258 }
  public var eosTokenId: Int? { 256 }
  public var padTokenId: Int { 257 }
}

/// Writes a small trace file: "Q: a+b=" -> "<think> ... </think> <answer>c</answer>".
public func writeTraces(_ path: String, count: Int, seed: UInt64, extraLines: [String] = []) throws {
  var rng = SeededRNG(seed: seed)
  var text = ""
  for i in 0..<count {
    let a = rng.below(10), b = rng.below(10)
    let rec: JSON = ["prompt": .string("Q: \(a)+\(b)=?\nA: <think>"),
                     "response": .string(" \(a) plus \(b) is \(a + b). </think> <answer>\(a + b)</answer>"), "id": .int(i)]
    text += rec.serialized() + "\n"
    if i == 2 { for l in extraLines { text += l + "\n" } }
  }
  try AtomicFile.write(text, to: path)
}
