// SwiGLU of the Qwen2 MLP: out = silu(gate) * up, silu(g) = g * sigmoid(g). Shapes (N, I) throughout.
// Also the residual add. Elementwise, vectorised with FastMath.exp.

public enum SwiGLU {
  /// out (count) = silu(gate) * up.
  public static func forward(out: UnsafeMutablePointer<Float>, gate: UnsafePointer<Float>, up: UnsafePointer<Float>,
                             count: Int) {
    precondition(count >= 0, "SwiGLU.forward: negative count")
    Parallel.forRanges(count, grain: 1 << 14, Forward(out: out, gate: gate, up: up))
  }

  /// dgate, dup (count) = gradients of out = silu(gate) * up given dout (assigned, not accumulated).
  public static func backward(dgate: UnsafeMutablePointer<Float>, dup: UnsafeMutablePointer<Float>,
                              dout: UnsafePointer<Float>, gate: UnsafePointer<Float>, up: UnsafePointer<Float>,
                              count: Int) {
    precondition(count >= 0, "SwiGLU.backward: negative count")
    Parallel.forRanges(count, grain: 1 << 14, Backward(dgate: dgate, dup: dup, dout: dout, gate: gate, up: up))
  }

  struct Forward: RangeTask {
    let out: UnsafeMutablePointer<Float>, gate: UnsafePointer<Float>, up: UnsafePointer<Float>
    func run(_ r: Range<Int>) {
      var i = r.lowerBound
      while i + 8 <= r.upperBound {
        let g = gate.loadSIMD8(i)
        out.storeSIMD(g / (1 + FastMath.exp(-g)) * up.loadSIMD8(i), i)
        i += 8
      }
      while i < r.upperBound { let g = gate[i]; out[i] = g / (1 + FastMath.exp(-g)) * up[i]; i += 1 }
    }
  }

  /// d/dg silu(g) = s * (1 + g * (1 - s)), s = sigmoid(g).
  struct Backward: RangeTask {
    let dgate: UnsafeMutablePointer<Float>, dup: UnsafeMutablePointer<Float>
    let dout: UnsafePointer<Float>, gate: UnsafePointer<Float>, up: UnsafePointer<Float>
    func run(_ r: Range<Int>) {
      var i = r.lowerBound
      while i + 8 <= r.upperBound {
        let g = gate.loadSIMD8(i), d = dout.loadSIMD8(i)
        let s = 1 / (1 + FastMath.exp(-g))
        let u = up.loadSIMD8(i)
        dup.storeSIMD(d * g * s, i)
        dgate.storeSIMD(d * u * s * (1 + g * (1 - s)), i)
        i += 8
      }
      while i < r.upperBound {
        let g = gate[i], s = 1 / (1 + FastMath.exp(-g)), d = dout[i]
        let u = up[i]
        dup[i] = d * g * s
        dgate[i] = d * u * s * (1 + g * (1 - s))
        i += 1
      }
    }
  }
}

/// Residual stream: out = a + b; backward is dout flowing to both inputs (accumulate it).
public enum Residual {
  /// out (count) = a + b (out may alias a or b).
  public static func forward(out: UnsafeMutablePointer<Float>, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                             count: Int) {
    precondition(count >= 0, "Residual.forward: negative count")
    Parallel.forRanges(count, grain: 1 << 15, Add(out: out, a: a, b: b))
  }

  /// acc (count) += x.
  public static func accumulate(_ acc: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, count: Int) {
    precondition(count >= 0, "Residual.accumulate: negative count")
    Parallel.forRanges(count, grain: 1 << 15, Add(out: acc, a: UnsafePointer(acc), b: x))
  }

  struct Add: RangeTask {
    let out: UnsafeMutablePointer<Float>, a: UnsafePointer<Float>, b: UnsafePointer<Float>
    func run(_ r: Range<Int>) { for i in r { out[i] = a[i] + b[i] } }
  }
}
