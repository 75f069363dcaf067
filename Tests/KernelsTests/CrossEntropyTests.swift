import Testing
@testable import Kernels

// Loss/log-probs vs fp64 twin: abs 1e-5 + rel 1e-4. Gradients vs central finite differences of the
// fp64 twin (h = 1e-6): abs 1e-5 + rel 1e-3 (gradient entries are probabilities, <= 1).

@Test(arguments: [(1, 1), (3, 7), (5, 33), (4, 257)])
func crossEntropyLossAndGradientWithIgnoreAndWeights(shape: (Int, Int)) {
  let (N, V) = shape
  var rng = TestRNG(UInt64(41 + V))
  let z = rng.floats(N * V, scale: 5)
  let targets = (0..<N).map { n in n == 1 ? Int32(-1) : Int32(rng.int(V)) }  // row 1 ignored
  let weights = (0..<N).map { n in n == 2 ? Float(0) : 0.5 + Float(n) }     // row 2 weight 0
  let scale: Float = 1 / 3
  func twin(_ zs: [Double]) -> Double {  // lossScale * sum_n w_n * loss_n
    let lp = naiveLogSoftmax(zs, N: N, V: V)
    return (0..<N).reduce(0.0) { acc, n in targets[n] < 0 ? acc : acc + Double(scale * weights[n]) * -lp[n * V + Int(targets[n])] }
  }
  var losses = [Float](repeating: .nan, count: N), dz = [Float](repeating: .nan, count: N * V)
  let total = CrossEntropy.forwardBackward(losses: &losses, dlogits: &dz, logits: z, targets: targets, weights: weights,
                                           lossScale: scale, N: N, V: V)
  let lp = naiveLogSoftmax(doubles(z), N: N, V: V)
  let refLoss = (0..<N).map { n in targets[n] < 0 ? 0 : -lp[n * V + Int(targets[n])] }
  expectClose(losses, refLoss, abs: 1e-5, rel: 1e-4, "per-token loss")
  #expect(abs(total - zip(refLoss, weights).reduce(0) { $0 + $1.0 * Double($1.1) }) <= 1e-4 * Double(N))
  expectClose(dz, finiteDifference(doubles(z), twin), abs: 1e-5, rel: 1e-3, "dlogits vs finite difference")

  // In place: dlogits aliasing logits gives the same bytes.
  var inplace = z, l2 = losses
  inplace.withUnsafeMutableBufferPointer { p in
    _ = CrossEntropy.forwardBackward(losses: &l2, dlogits: p.baseAddress, logits: p.baseAddress!, targets: targets,
                                     weights: weights, lossScale: scale, N: N, V: V)
  }
  #expect(bits(inplace) == bits(dz) && bits(l2) == bits(losses))
}

@Test(arguments: [(1, 1), (3, 7), (6, 33), (2, 257)])
func logProbsEntropyAndTheirGradients(shape: (Int, Int)) {
  let (N, V) = shape
  var rng = TestRNG(UInt64(51 + V))
  let z = rng.floats(N * V, scale: 4)
  let targets = (0..<N).map { n in n == 1 ? Int32(-1) : Int32(rng.int(V)) }
  let gl = rng.floats(N), ge = rng.floats(N)
  var logp = [Float](repeating: .nan, count: N), lse = logp, ent = logp
  CrossEntropy.logProbs(logp: &logp, lse: &lse, entropy: &ent, logits: z, targets: targets, N: N, V: V)
  let lp = naiveLogSoftmax(doubles(z), N: N, V: V)
  expectClose(logp, (0..<N).map { targets[$0] < 0 ? 0 : lp[$0 * V + Int(targets[$0])] }, abs: 1e-5, rel: 1e-4, "logp")
  expectClose(ent, naiveEntropy(doubles(z), N: N, V: V), abs: 1e-5, rel: 1e-4, "entropy")
  func twin(_ zs: [Double]) -> Double {  // sum_n gl_n * logp_n + ge_n * H_n
    let lp = naiveLogSoftmax(zs, N: N, V: V), h = naiveEntropy(zs, N: N, V: V)
    return (0..<N).reduce(0.0) { acc, n in
      acc + (targets[n] < 0 ? 0 : Double(gl[n]) * lp[n * V + Int(targets[n])]) + Double(ge[n]) * h[n]
    }
  }
  var dz = [Float](repeating: .nan, count: N * V)
  CrossEntropy.logProbsBackward(dlogits: &dz, dlogp: gl, dentropy: ge, logits: z, targets: targets, lse: lse,
                                entropy: ent, N: N, V: V)
  expectClose(dz, finiteDifference(doubles(z), twin), abs: 1e-5, rel: 1e-3, "logp+entropy dlogits vs finite difference")
}

@Test func crossEntropyIsBitwiseIdenticalWithOneOrTwoThreads() {
  let N = 200, V = 513
  var rng = TestRNG(61)
  let z = rng.floats(N * V, scale: 3), targets = (0..<N).map { _ in Int32(rng.int(V)) }
  func run() -> [Float] {
    var losses = [Float](repeating: 0, count: N), dz = [Float](repeating: 0, count: N * V)
    let total = CrossEntropy.forwardBackward(losses: &losses, dlogits: &dz, logits: z, targets: targets, weights: nil,
                                             lossScale: 1 / Float(N), N: N, V: V)
    return losses + dz + [Float(total)]
  }
  #expect(bits(withThreads(1, run)) == bits(withThreads(2, run)))
}
