import Testing
@testable import Kernels

// bf16 compute (BF16Gemm: operands rounded to bf16, fp32 accumulation) against its twins.
//
// Tolerances, per output s = sum_k a_k b_k, with T = sum_k |a_k b_k| (computed per output):
//  * rounding: bf16 keeps 8 significant bits (7 stored + the implicit one): its ulp at 1 is 2^-7, so
//    rounding to nearest changes an operand by a relative u = 2^-8 at most (not 2^-9: a first version
//    of this bound used 2^-9 and K = 2 products exceeded it, as they may); a product of two rounded
//    operands is off by at most (2u + u^2)|a b| = (2^-7 + 2^-16)|a b|, the sum by (2^-7 + 2^-16) T.
//  * accumulation: the products of two bf16 are exact in fp32 (8 x 8 bits); the fp32 sum of K terms
//    has error at most gamma_K = K eps/(1 - K eps) ~ K 2^-24 times T (the kernel's pairs and blocks are
//    one order of that sum); the fp32 twin (sgemm) has the same bound.
//  So |bf16 - fp32| <= (2^-7 + 2^-16 + 2 K 2^-24 (1 + 2^-7)) T, and against fp64 on the rounded operands
//  |bf16 - exact| <= K 2^-24 (1 + 2^-7) T. Both are worst cases (typical errors are ~sqrt(K) smaller);
//  the second catches a wrong pairing or layout at once (such a bug errs by ~T, not 2^-16 T).

private func bf16Round(_ x: Float) -> Float { Half.bf16ToFloat(Half.floatToBF16(x)) }

/// The shapes cover: K odd (a half-empty last pair), K over one block (256), M over one row block (96)
/// and not a multiple of the 6-row strip, N not a multiple of 16 or 64, and one 1 x 1 x 1.
@Test(arguments: [(1, 1, 1), (13, 70, 37), (100, 65, 300), (7, 130, 2), (20, 16, 513)])
func bf16GemmMatchesRoundedOperandsAndFP32WithinDerivedBounds(shape: (Int, Int, Int)) {
  guard BF16Gemm.available else { return }  // the fp32 path is what runs on this CPU
  let (M, N, K) = shape
  var rng = TestRNG(UInt64(M * 1000 + N * 10 + K))
  for transA in [false, true] {
    for transB in [false, true] {
      let lda = (transA ? M : K) + 3, ldb = (transB ? K : N) + 1, ldc = N + 2
      let a = rng.floats((transA ? K : M) * lda, scale: 2), b = rng.floats((transB ? N : K) * ldb)
      let c0 = rng.floats(M * ldc)
      let exact = naiveGemm(a.map { Double(bf16Round($0)) }, b.map { Double(bf16Round($0)) }, M: M, N: N, K: K,
                            transA: transA, transB: transB, lda: lda, ldb: ldb)
      let mass = naiveGemm(a.map { Double(abs($0)) }, b.map { Double(abs($0)) }, M: M, N: N, K: K,
                           transA: transA, transB: transB, lda: lda, ldb: ldb)  // T per output
      for accumulate in [false, true] {
        var c = c0, f = c0
        BF16Gemm.gemm(&c, a, b, M: M, N: N, K: K, transA: transA, transB: transB, lda: lda, ldb: ldb, ldc: ldc,
                      accumulate: accumulate)
        Matmul.sgemm(&f, a, b, M: M, N: N, K: K, transA: transA, transB: transB, lda: lda, ldb: ldb, ldc: ldc,
                     accumulate: accumulate)
        // c's old value (when accumulating) is one more term of the fp32 sum, with its magnitude in T.
        let accBound = Double(K + 1) * 0x1p-24 * (1 + 0x1p-7)
        let roundBound = 0x1p-7 + 0x1p-16 + 2 * accBound
        var worstExact = 0.0, worstFP32 = 0.0
        for i in 0..<M {
          for j in 0..<N {
            let base = accumulate ? Double(c0[i * ldc + j]) : 0
            let got = Double(c[i * ldc + j]), T = mass[i * N + j] + abs(base)
            worstExact = max(worstExact, abs(got - base - exact[i * N + j]) - accBound * T)
            worstFP32 = max(worstFP32, abs(got - Double(f[i * ldc + j])) - roundBound * T)
          }
          for j in N..<ldc { #expect(c[i * ldc + j] == c0[i * ldc + j]) }  // padding untouched
        }
        let what = "M=\(M) N=\(N) K=\(K) tA=\(transA) tB=\(transB) acc=\(accumulate)"
        #expect(worstExact <= 0, "bf16 GEMM vs fp64 on bf16 operands beyond K 2^-24 T: \(what)")
        #expect(worstFP32 <= 0, "bf16 GEMM vs fp32 sgemm beyond (2^-7 + 2K 2^-24) T: \(what)")
      }
    }
  }
}

@Test func bf16GemmBytesDoNotDependOnThreads() {
  guard BF16Gemm.available else { return }
  let M = 200, N = 150, K = 300
  var rng = TestRNG(7)
  let a = rng.floats(K * M), b = rng.floats(K * N)
  let one = withThreads(1) { () -> [Float] in
    var c = [Float](repeating: 0, count: M * N)
    BF16Gemm.gemm(&c, a, b, M: M, N: N, K: K, transA: true)
    return c
  }
  let two = withThreads(2) { () -> [Float] in
    var c = [Float](repeating: 0, count: M * N)
    BF16Gemm.gemm(&c, a, b, M: M, N: N, K: K, transA: true)
    return c
  }
  #expect(bits(one) == bits(two))
}

@Test func linearBF16ComputeMatchesFP32WithinDerivedBound() {
  guard BF16Gemm.available else { return }
  let N = 24, IC = 40, OC = 33
  var rng = TestRNG(11)
  let x = rng.floats(N * IC), w = rng.floats(OC * IC), bias = rng.floats(OC), dy = rng.floats(N * OC)
  var y16 = [Float](repeating: 0, count: N * OC), y32 = y16
  Linear.forward(out: &y16, inp: x, weight: w, bias: bias, N: N, IC: IC, OC: OC, compute: .bf16)
  Linear.forward(out: &y32, inp: x, weight: w, bias: bias, N: N, IC: IC, OC: OC)
  var dx16 = [Float](repeating: 0, count: N * IC), dx32 = dx16
  var dw16 = [Float](repeating: 0, count: OC * IC), dw32 = dw16
  var db16 = [Float](repeating: 0, count: OC), db32 = db16
  Linear.backward(dinp: &dx16, dweight: &dw16, dbias: &db16, dout: dy, inp: x, weight: w, N: N, IC: IC, OC: OC, compute: .bf16)
  Linear.backward(dinp: &dx32, dweight: &dw32, dbias: &db32, dout: dy, inp: x, weight: w, N: N, IC: IC, OC: OC)
  #expect(db16 == db32)  // bias sums stay fp32
  // Inputs in [-1, 1): T <= K for every output; bound (2^-7 + 2^-16 + 2K 2^-24) K, + 1e-6 for the bias add.
  for (got, want, K) in [(y16, y32, IC), (dx16, dx32, OC), (dw16, dw32, N)] {
    let bound = (0x1p-7 + 0x1p-16 + 2 * Double(K) * 0x1p-24) * Double(K) + 1e-6
    let worst = zip(got, want).map { abs(Double($0) - Double($1)) }.max() ?? 0
    #expect(worst <= bound, "worst \(worst) > \(bound) at K=\(K)")
    #expect(worst > 0, "bf16 compute should differ from fp32 somewhere (did it run?)")
  }
}
