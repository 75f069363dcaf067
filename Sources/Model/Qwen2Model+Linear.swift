// Linear layers over a Parameter in any storage dtype: fp32 weights go to DecodeGemv (few rows) or
// OpenBLAS, 16-bit weights through Kernels.HalfLinear (GEMV for few rows, else widened into a shared
// scratch and sgemm). With `compute == .bf16` the many-row products (and every backward product) run
// through BF16Gemm (bf16 operands, fp32 accumulation); few-row (decode) products keep the fp32 GEMV.
import Kernels

extension Qwen2Model {
  /// Scratch for widening one 16-bit matrix (the largest: max OC*IC floats); nil for fp32 models.
  func halfScratch() -> UnsafeMutablePointer<Float> {
    if let s = widenScratch { return s.floats() }
    let n = parameters.filter { $0.shape.count == 2 }.map(\.count).max() ?? 1
    let s = AlignedBuffer(byteCount: n * 4)
    widenScratch = s
    return s.floats()
  }

  /// out (N, OC) = inp (N, IC) · w (OC, IC)^T + bias (OC).
  func linear(_ out: UnsafeMutablePointer<Float>, _ inp: UnsafePointer<Float>, _ w: Parameter, _ bias: Parameter?, N: Int) {
    let OC = w.shape[0], IC = w.shape[1]
    let b = bias.map { UnsafePointer($0.value.floats) }
    if w.dtype == .f32 && N <= DecodeGemv.maxRows {
      DecodeGemv.forward(out: out, x: inp, w: w.value.floats, bias: b, M: N, IC: IC, OC: OC)
    } else if w.dtype == .f32 {
      Linear.forward(out: out, inp: inp, weight: w.value.floats, bias: b, N: N, IC: IC, OC: OC, compute: compute)
    } else if compute == .bf16 && N > HalfLinear.gemvMaxRows {
      let s = halfScratch()
      HalfLinear.widen(s, w.value.halves, count: OC * IC, dtype: w.dtype)
      Linear.forward(out: out, inp: inp, weight: s, bias: b, N: N, IC: IC, OC: OC, compute: .bf16)
    } else {
      HalfLinear.forward(out: out, inp: inp, weight: w.value.halves, dtype: w.dtype, bias: b, N: N, IC: IC, OC: OC,
                         scratch: N > HalfLinear.gemvMaxRows ? halfScratch() : nil)
    }
  }

  /// dinp (N, IC) = dout · w (+= when accumulate); w.grad += dout^T · inp; bias.grad += column sums.
  func linearBackward(_ dinp: UnsafeMutablePointer<Float>?, _ w: Parameter, _ bias: Parameter?,
                      dout: UnsafePointer<Float>, inp: UnsafePointer<Float>, N: Int, accumulate: Bool = false) {
    let OC = w.shape[0], IC = w.shape[1]
    let dw = w.grad?.floats, db = bias?.grad?.floats
    if w.dtype == .f32 {
      Linear.backward(dinp: dinp, dweight: dw, dbias: db, dout: dout, inp: inp, weight: w.value.floats,
                      N: N, IC: IC, OC: OC, accumulateInput: accumulate, compute: compute)
    } else {
      HalfLinear.backward(dinp: dinp, dweight: dw, dbias: db, dout: dout, inp: inp, weight: w.value.halves,
                          dtype: w.dtype, N: N, IC: IC, OC: OC, scratch: halfScratch(), accumulateInput: accumulate,
                          compute: compute)
    }
  }

  /// out (N, C) = embedding rows of tokens (N), widened to fp32.
  func embedForward(_ out: UnsafeMutablePointer<Float>, _ tokens: UnsafePointer<Int32>, N: Int) {
    let C = config.hiddenSize, V = config.vocabSize
    if embed.dtype == .f32 {
      Embedding.forward(out: out, tokens: tokens, table: embed.value.floats, N: N, C: C, V: V)
    } else {
      for n in 0..<N {
        let t = Int(tokens[n])
        precondition(t >= 0 && t < V, "embedding: token \(t) at \(n) not in 0..<\(V)")
        Half.toFloat(out + n * C, embed.value.halves + t * C, count: C, dtype: embed.dtype)
      }
    }
  }
}
