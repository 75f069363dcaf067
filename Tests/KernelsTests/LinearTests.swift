import Testing
@testable import Kernels

// fp32 GEMM against fp64: per-element error grows like sqrt(K) * eps32 * |terms|; with inputs in
// [-1, 1) and K <= 300 the allowance abs 1e-5 * K/64 + rel 1e-4 is a few hundred times the typical error.

@Test(arguments: [(1, 1, 1), (7, 33, 5), (33, 7, 257), (64, 128, 32)])
func sgemmMatchesNaiveForAllTransposesStridesAndAccumulate(shape: (Int, Int, Int)) {
  let (M, N, K) = shape
  var rng = TestRNG(UInt64(M * 1000 + N * 10 + K))
  for transA in [false, true] {
    for transB in [false, true] {
      let lda = (transA ? M : K) + 3, ldb = (transB ? K : N) + 1, ldc = N + 2  // padded (strided) rows
      let a = rng.floats((transA ? K : M) * lda), b = rng.floats((transB ? N : K) * ldb)
      let c0 = rng.floats(M * ldc)
      let ref = naiveGemm(doubles(a), doubles(b), M: M, N: N, K: K, transA: transA, transB: transB, lda: lda, ldb: ldb)
      for accumulate in [false, true] {
        var c = c0
        Matmul.sgemm(&c, a, b, M: M, N: N, K: K, transA: transA, transB: transB, lda: lda, ldb: ldb, ldc: ldc,
                     alpha: 0.5, accumulate: accumulate)
        var got: [Float] = [], want: [Double] = []
        for i in 0..<M {
          for j in 0..<N {
            got.append(c[i * ldc + j])
            want.append(0.5 * ref[i * N + j] + (accumulate ? Double(c0[i * ldc + j]) : 0))
          }
          for j in N..<ldc { #expect(c[i * ldc + j] == c0[i * ldc + j]) }  // padding untouched
        }
        expectClose(got, want, abs: 1e-5 * Double(max(K, 64)) / 64, rel: 1e-4, "sgemm tA=\(transA) tB=\(transB) acc=\(accumulate)")
      }
    }
  }
}

@Test(arguments: [(1, 1, 1), (7, 5, 3), (33, 17, 9), (257, 33, 7)])
func linearForwardBackwardMatchNaive(shape: (Int, Int, Int)) {
  let (N, IC, OC) = shape
  var rng = TestRNG(UInt64(N * 7 + IC * 3 + OC))
  let x = rng.floats(N * IC), w = rng.floats(OC * IC), b = rng.floats(OC), dy = rng.floats(N * OC)
  var y = [Float](repeating: .nan, count: N * OC)
  Linear.forward(out: &y, inp: x, weight: w, bias: b, N: N, IC: IC, OC: OC)
  expectClose(y, naiveLinear(doubles(x), doubles(w), doubles(b), N: N, IC: IC, OC: OC), abs: 1e-5, rel: 1e-4, "linear fwd")

  let dw0 = rng.floats(OC * IC), db0 = rng.floats(OC)  // parameter grads accumulate onto these
  var dx = [Float](repeating: .nan, count: N * IC), dw = dw0, db = db0
  Linear.backward(dinp: &dx, dweight: &dw, dbias: &db, dout: dy, inp: x, weight: w, N: N, IC: IC, OC: OC)
  // Reference gradients of L = sum(dy * y) by definition (no FD needed: L is bilinear).
  let dxRef = naiveGemm(doubles(dy), doubles(w), M: N, N: IC, K: OC, transA: false, transB: false, lda: OC, ldb: IC)
  let dwRef = naiveGemm(doubles(dy), doubles(x), M: OC, N: IC, K: N, transA: true, transB: false, lda: OC, ldb: IC)
  var dbRef = doubles(db0)
  for n in 0..<N { for o in 0..<OC { dbRef[o] += Double(dy[n * OC + o]) } }
  expectClose(dx, dxRef, abs: 1e-5, rel: 1e-4, "linear dinp")
  expectClose(dw, zip(dwRef, dw0).map { $0 + Double($1) }, abs: 1e-5 * Double(max(N, 64)) / 64, rel: 1e-4, "linear dweight")
  expectClose(db, dbRef, abs: 1e-5 * Double(max(N, 64)) / 64, rel: 1e-4, "linear dbias")

  // Finite-difference check of dinp on the fp64 twin (h = 1e-6; FD error ~1e-9, fp32 rounding dominates).
  if N * IC <= 300 {
    let fd = finiteDifference(doubles(x)) { xs in dot(naiveLinear(xs, doubles(w), doubles(b), N: N, IC: IC, OC: OC), doubles(dy)) }
    expectClose(dx, fd, abs: 1e-4, rel: 1e-4, "linear dinp vs finite difference")
  }
}

@Test func linearIsBitwiseIdenticalWithOneOrTwoThreads() {
  let N = 257, IC = 33, OC = 65
  var rng = TestRNG(5)
  let x = rng.floats(N * IC), w = rng.floats(OC * IC), b = rng.floats(OC), dy = rng.floats(N * OC)
  func run() -> [Float] {
    var y = [Float](repeating: 0, count: N * OC), db = [Float](repeating: 0, count: OC)
    Linear.forward(out: &y, inp: x, weight: w, bias: b, N: N, IC: IC, OC: OC)
    Linear.backward(dinp: nil, dweight: nil, dbias: &db, dout: dy, inp: x, weight: w, N: N, IC: IC, OC: OC)
    return y + db
  }
  // Our own loops (bias fill, column sums) must not depend on thread count; OpenBLAS sgemm splits
  // along M/N here, keeping each output's K-order, which this test also guards.
  #expect(bits(withThreads(1, run)) == bits(withThreads(2, run)))
}
