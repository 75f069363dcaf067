// Naive fp64 twins of Matmul / Linear: the specification the BLAS paths are tested against.

/// c (M, N) = op(a) · op(b) in fp64; a, b given with leading dimensions as stored.
func naiveGemm(_ a: [Double], _ b: [Double], M: Int, N: Int, K: Int, transA: Bool, transB: Bool,
               lda: Int, ldb: Int) -> [Double] {
  var c = [Double](repeating: 0, count: M * N)
  for i in 0..<M {
    for j in 0..<N {
      var s = 0.0
      for k in 0..<K {
        let av = transA ? a[k * lda + i] : a[i * lda + k]
        let bv = transB ? b[j * ldb + k] : b[k * ldb + j]
        s += av * bv
      }
      c[i * N + j] = s
    }
  }
  return c
}

/// out (N, OC) = inp (N, IC) · w (OC, IC)^T + bias in fp64.
func naiveLinear(_ inp: [Double], _ w: [Double], _ bias: [Double]?, N: Int, IC: Int, OC: Int) -> [Double] {
  var out = naiveGemm(inp, w, M: N, N: OC, K: IC, transA: false, transB: true, lda: IC, ldb: IC)
  if let bias { for n in 0..<N { for o in 0..<OC { out[n * OC + o] += bias[o] } } }
  return out
}
