// CANDIDATE FOR KERNELS (written here because Kernels has no fp32 small-M path): out (M, OC) =
// x (M, IC) · w (OC, IC)^T + bias for M <= maxRows decode rows with fp32 weights. OpenBLAS sgemm re-packs the
// whole weight matrix on every call (~30% of fp32 decode at the 50M shape); this reads each weight row
// once per call, keeping 4 rows in L1 while every x row passes over them. Each output is one dot product
// accumulated in the same order whatever M is, so a row's result does not depend on its batch.
// On AVX-512 CPUs Kernels.GemvAVX512 runs instead (same row independence, weights prefetched).
import Kernels

enum DecodeGemv {
  /// Largest M routed here (above it sgemm's packing pays off; the AVX-512 kernel, reusing each cached
  /// weight chunk over 8-row groups, beat sgemm up to ~32 rows at the 50M shapes, cold weights).
  static let maxRows = GemvAVX512.enabled ? 32 : 8

  /// `avx512`: run Kernels.GemvAVX512 (default where enabled); false runs the Swift code below.
  static func forward(out: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, w: UnsafePointer<Float>,
                      bias: UnsafePointer<Float>?, M: Int, IC: Int, OC: Int, avx512: Bool = GemvAVX512.enabled) {
    precondition(M >= 0 && IC >= 1 && OC >= 1, "DecodeGemv: bad shape M=\(M) IC=\(IC) OC=\(OC)")
    if avx512 {
      GemvAVX512.forward(out: out, x: x, w: w, dtype: .f32, bias: bias, M: M, IC: IC, OC: OC)
      return
    }
    if M == 0 { return }
    let chunks = Parallel.chunkCount((OC + 3) / 4, grain: max(4, 4096 / IC), maxChunks: 32)
    Parallel.forEach(chunks) { ch in
      let quads = Parallel.range(ch, of: chunks, (OC + 3) / 4)
      for qd in quads {
        let o = qd * 4, n = min(4, OC - o)
        for m in 0..<M { dot4(out + m * OC, x + m * IC, w, o: o, count: n, IC: IC) }
      }
      if let bias {
        let cols = (quads.lowerBound * 4)..<min(OC, quads.upperBound * 4)
        for m in 0..<M { for c in cols { out[m * OC + c] += bias[c] } }
      }
    }
  }

  /// out[o..<o+count] = x · w rows o..<o+count (count <= 4); rows past `count` alias row o, discarded.
  @inline(__always)
  static func dot4(_ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
                   o: Int, count: Int, IC: Int) {
    let w0 = w + o * IC
    let w1 = w0 + (count > 1 ? IC : 0), w2 = w0 + (count > 2 ? 2 * IC : 0), w3 = w0 + (count > 3 ? 3 * IC : 0)
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
    var k = 0
    while k + 8 <= IC {
      let xv = load8(x + k)
      a0.addProduct(load8(w0 + k), xv); a1.addProduct(load8(w1 + k), xv)
      a2.addProduct(load8(w2 + k), xv); a3.addProduct(load8(w3 + k), xv)
      k += 8
    }
    var s0 = a0.sum(), s1 = a1.sum(), s2 = a2.sum(), s3 = a3.sum()
    while k < IC { let xk = x[k]; s0 += w0[k] * xk; s1 += w1[k] * xk; s2 += w2[k] * xk; s3 += w3[k] * xk; k += 1 }
    out[o] = s0
    if count > 1 { out[o + 1] = s1 }
    if count > 2 { out[o + 2] = s2 }
    if count > 3 { out[o + 3] = s3 }
  }

  @inline(__always)
  static func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> { UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }
}
