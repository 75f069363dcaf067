// DecodeGemv (fp32 small-M matmul) against an fp64 naive loop on odd sizes, and its row independence.
import Kernels
import Seeded
import Testing
@testable import Model

@Suite struct DecodeGemvTests {
  /// Both implementations: the Swift code, and Kernels.GemvAVX512 where the CPU has AVX-512.
  static let paths = GemvAVX512.available ? [false, true] : [false]

  @Test(arguments: [(1, 7, 1), (3, 33, 5), (8, 257, 13), (5, 64, 4), (2, 9, 130), (32, 17, 40)], paths)
  func matchesNaive(shape: (Int, Int, Int), avx512: Bool) {
    let (M, IC, OC) = shape
    var rng = SeededRNG(seed: UInt64(M * 1000 + IC * 10 + OC))
    let x = (0..<(M * IC)).map { _ in rng.normal() }, w = (0..<(OC * IC)).map { _ in rng.normal() }
    let bias = (0..<OC).map { _ in rng.normal() }
    var out = [Float](repeating: .nan, count: M * OC)
    DecodeGemv.forward(out: &out, x: x, w: w, bias: bias, M: M, IC: IC, OC: OC, avx512: avx512)
    for m in 0..<M {
      for o in 0..<OC {
        var s = Double(bias[o])
        for k in 0..<IC { s += Double(x[m * IC + k]) * Double(w[o * IC + k]) }
        // fp32 dot of IC terms of size ~1: error <= IC * 2^-24 * sum|x w| ~ 1e-5 for IC = 257; 1e-4 abs + 1e-5 rel.
        #expect(abs(Double(out[m * OC + o]) - s) <= 1e-4 + 1e-5 * abs(s), "m \(m) o \(o)")
      }
    }
    // Row independence: each row alone gives the same bits.
    for m in 0..<M {
      var one = [Float](repeating: 0, count: OC)
      DecodeGemv.forward(out: &one, x: Array(x[(m * IC)..<((m + 1) * IC)]), w: w, bias: bias, M: 1, IC: IC, OC: OC,
                         avx512: avx512)
      #expect(one == Array(out[(m * OC)..<((m + 1) * OC)]), "avx512 \(avx512) row \(m)")
    }
  }
}
