// SwiGLU of the Qwen2 MLP: out = silu(gate) * up, silu(g) = g * sigmoid(g). Shapes (N, I) throughout.

public enum SwiGLU {
  /// out (count) = silu(gate) * up.
  public static func forward(out: UnsafeMutablePointer<Float>, gate: UnsafePointer<Float>, up: UnsafePointer<Float>,
                             count: Int) {
    precondition(count >= 0, "SwiGLU.forward: negative count")
    Parallel.forRanges(count, grain: 1 << 14) { r in
      for i in r {
        let g = gate[i]
        out[i] = g / (1 + _exp(-g)) * up[i]
      }
    }
  }

  /// dgate, dup (count) = gradients of out = silu(gate) * up given dout (assigned, not accumulated).
  public static func backward(dgate: UnsafeMutablePointer<Float>, dup: UnsafeMutablePointer<Float>,
                              dout: UnsafePointer<Float>, gate: UnsafePointer<Float>, up: UnsafePointer<Float>,
                              count: Int) {
    precondition(count >= 0, "SwiGLU.backward: negative count")
    Parallel.forRanges(count, grain: 1 << 14) { r in
      for i in r {
        let g = gate[i], s = 1 / (1 + _exp(-g)), d = dout[i]
        dup[i] = d * g * s
        dgate[i] = d * up[i] * s * (1 + g * (1 - s))
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
    Parallel.forRanges(count, grain: 1 << 15) { r in
      for i in r { out[i] = a[i] + b[i] }
    }
  }

  /// acc (count) += x.
  public static func accumulate(_ acc: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, count: Int) {
    precondition(count >= 0, "Residual.accumulate: negative count")
    Parallel.forRanges(count, grain: 1 << 15) { r in
      for i in r { acc[i] += x[i] }
    }
  }
}
