// Rotary position embedding, HF Qwen2 "rotate_half" convention: for head vector x (HS), half = HS/2,
//   out[i]        = x[i] * cos[p, i] - x[i + half] * sin[p, i]
//   out[i + half] = x[i + half] * cos[p, i] + x[i] * sin[p, i]      (i < half)
// with angle[p, i] = p * theta^(-2i/HS) computed in fp32 like HF. Positions are given per token, so
// left padding and packed sequences work. Shapes: x, out (N, H, HS) with H heads; tables (P, HS/2).

import Foundation

public enum Rope {
  /// cos, sin (P, HS/2) for positions 0..<P.
  public static func tables(cos: UnsafeMutablePointer<Float>, sin: UnsafeMutablePointer<Float>,
                            P: Int, HS: Int, theta: Float) {
    precondition(P >= 0 && HS >= 2 && HS % 2 == 0 && theta > 0, "Rope.tables: bad P=\(P) HS=\(HS) theta=\(theta)")
    let half = HS / 2
    for i in 0..<half {
      // HF: inv_freq = 1 / base^(arange(0, dim, 2).float() / dim), in fp32.
      let invFreq = 1 / Float(Foundation.pow(Double(theta), Double(Float(2 * i) / Float(HS))))
      for p in 0..<P {
        let angle = Double(Float(p) * invFreq)  // fp32 product like HF, then accurate cos/sin
        cos[p * half + i] = Float(Foundation.cos(angle))
        sin[p * half + i] = Float(Foundation.sin(angle))
      }
    }
  }

  /// out (N, H, HS) = rotate(x) by positions (N); in place when out == x is allowed.
  public static func forward(out: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>,
                             positions: UnsafePointer<Int32>, cos: UnsafePointer<Float>, sin: UnsafePointer<Float>,
                             N: Int, H: Int, HS: Int, P: Int) {
    rotate(out, x, positions, cos, sin, N: N, H: H, HS: HS, P: P, sign: 1)
  }

  /// dx (N, H, HS) = rotation^T applied to dout (rotation by the negative angle); in place allowed.
  public static func backward(dx: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                              positions: UnsafePointer<Int32>, cos: UnsafePointer<Float>, sin: UnsafePointer<Float>,
                              N: Int, H: Int, HS: Int, P: Int) {
    rotate(dx, dout, positions, cos, sin, N: N, H: H, HS: HS, P: P, sign: -1)
  }

  static func rotate(_ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ positions: UnsafePointer<Int32>,
                     _ cos: UnsafePointer<Float>, _ sin: UnsafePointer<Float>,
                     N: Int, H: Int, HS: Int, P: Int, sign: Float) {
    precondition(N >= 0 && H >= 1 && HS >= 2 && HS % 2 == 0, "Rope: bad shape N=\(N) H=\(H) HS=\(HS)")
    for n in 0..<N { precondition(positions[n] >= 0 && Int(positions[n]) < P, "Rope: position \(positions[n]) at \(n) not in 0..<\(P)") }
    Parallel.forRanges(N, grain: max(1, 4096 / (H * HS)),
                       Rotate(out: out, x: x, positions: positions, cos: cos, sin: sin, H: H, HS: HS, sign: sign))
  }

  struct Rotate: RangeTask {
    let out: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, positions: UnsafePointer<Int32>
    let cos: UnsafePointer<Float>, sin: UnsafePointer<Float>, H: Int, HS: Int, sign: Float
    func run(_ rows: Range<Int>) {
      let half = HS / 2
      for n in rows {
        let cp = cos + Int(positions[n]) * half, sp = sin + Int(positions[n]) * half
        for h in 0..<H {
          let xi = x + (n * H + h) * HS, yo = out + (n * H + h) * HS
          for i in 0..<half {
            let c = cp[i], s = sign * sp[i]
            let a = xi[i], b = xi[i + half]
            yo[i] = a * c - b * s
            yo[i + half] = b * c + a * s
          }
        }
      }
    }
  }
}
