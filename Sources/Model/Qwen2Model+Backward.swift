// Backward through the last `forward`: the forward's layer list reversed. Parameter gradients
// accumulate (+=) into each Parameter.grad (fp32); activation gradients are assigned.
import Kernels

extension Qwen2Model {
  /// Given d(loss)/d(logprob) per token (N) and optionally d(loss)/d(entropy) (N), accumulates every
  /// parameter's gradient. Call after `forward` (which must have computed entropy if `dentropy` is given).
  public func backward(dlogprobs: [Float], dentropy: [Float]? = nil) {
    guard let (batch, targets, hasEntropy) = last, let a = acts else {
      preconditionFailure("backward: call forward first (and no other forward in between)")
    }
    precondition(dlogprobs.count == batch.N, "backward: \(dlogprobs.count) dlogprobs for N=\(batch.N)")
    precondition(dentropy == nil || hasEntropy, "backward: dentropy needs forward(entropy: true)")
    allocateGradients()
    let c = config
    let B = batch.B, T = batch.T, N = batch.N, V = c.vocabSize
    let C = c.hiddenSize, FF = c.intermediateSize, NH = c.numAttentionHeads, KVH = c.numKeyValueHeads, HS = c.headDim
    let dres = a.dres.floats(), dA = a.dA.floats(), dB = a.dB.floats(), dC = a.dC.floats(), dD = a.dD.floats()
    targets.withUnsafeBufferPointer { tgt in
    dlogprobs.withUnsafeBufferPointer { dlp in
    batch.tokens.withUnsafeBufferPointer { tokBuf in
    batch.positions.withUnsafeBufferPointer { posBuf in
    batch.segments.withUnsafeBufferPointer { segBuf in
    ropeCos.withUnsafeBufferPointer { cosBuf in
    ropeSin.withUnsafeBufferPointer { sinBuf in
      let pos = posBuf.baseAddress!, seg = segBuf.baseAddress!
      let cos = cosBuf.baseAddress!, sin = sinBuf.baseAddress!, P = ropePositions
      // Output head by chunks of rows, last chunk first: its logits are still in the buffer from
      // forward; the others are recomputed (only when N * V exceeds maxLogitFloats).
      let logits = a.logits.floats()
      let starts = Array(stride(from: 0, to: N, by: a.logitRows))
      dentropy.withUnsafeBufferPointerOptional { de in
        for (i, r0) in starts.enumerated().reversed() {
          let rows = min(a.logitRows, N - r0)
          if i != starts.count - 1 { linear(logits, a.lnf.floats() + r0 * C, head, nil, N: rows) }
          CrossEntropy.logProbsBackward(dlogits: logits, dlogp: dlp.baseAddress! + r0, dentropy: de.map { $0 + r0 },
                                        logits: logits, targets: tgt.baseAddress! + r0, lse: a.lse.floats() + r0,
                                        entropy: hasEntropy ? a.entropy.floats() + r0 : nil, N: rows, V: V)
          linearBackward(dA + r0 * C, head, nil, dout: logits, inp: a.lnf.floats() + r0 * C, N: rows)  // dlnf rows
        }
      }
      RMSNorm.backward(dinp: dres, dweight: norm.grad!.floats, dout: dA, inp: a.xOut.floats(), weight: norm.value.floats,
                       rstd: a.rstdf.floats(), N: N, C: C)
      for l in layers.indices.reversed() {
        let w = layers[l], x = a.layers[l]
        // MLP: xNext = xMid + down(silu(gate(ln2)) * up(ln2))
        linearBackward(dA, w.down, nil, dout: dres, inp: x.h.floats(), N: N)  // dh (N, FF)
        SwiGLU.backward(dgate: dB, dup: dC, dout: dA, gate: x.gate.floats(), up: x.up.floats(), count: N * FF)
        linearBackward(dA, w.gate, nil, dout: dB, inp: x.ln2.floats(), N: N)  // dln2 (N, C)
        linearBackward(dA, w.up, nil, dout: dC, inp: x.ln2.floats(), N: N, accumulate: true)
        RMSNorm.backward(dinp: dres, dweight: w.postNorm.grad!.floats, dout: dA, inp: x.xMid.floats(),
                         weight: w.postNorm.value.floats, rstd: x.rstd2.floats(), N: N, C: C, accumulate: true)
        // Attention: xMid = xIn + o(attn(rope(q(ln1)), rope(k(ln1)), v(ln1)))
        linearBackward(dA, w.o, nil, dout: dres, inp: x.att.floats(), N: N)  // datt (N, NH*HS)
        Attention.backward(dq: dB, dk: dC, dv: dD, dout: dA, q: x.q.floats(), k: x.k.floats(), v: x.v.floats(),
                           out: x.att.floats(), lse: x.lse.floats(), segments: seg, scratch: a.attScratch.floats(),
                           B: B, T: T, NH: NH, KVH: KVH, HS: HS)
        Rope.backward(dx: dB, dout: dB, positions: pos, cos: cos, sin: sin, N: N, H: NH, HS: HS, P: P)
        Rope.backward(dx: dC, dout: dC, positions: pos, cos: cos, sin: sin, N: N, H: KVH, HS: HS, P: P)
        linearBackward(dA, w.q, w.qBias, dout: dB, inp: x.ln1.floats(), N: N)  // dln1 (N, C)
        linearBackward(dA, w.k, w.kBias, dout: dC, inp: x.ln1.floats(), N: N, accumulate: true)
        linearBackward(dA, w.v, w.vBias, dout: dD, inp: x.ln1.floats(), N: N, accumulate: true)
        RMSNorm.backward(dinp: dres, dweight: w.inputNorm.grad!.floats, dout: dA, inp: x.xIn.floats(),
                         weight: w.inputNorm.value.floats, rstd: x.rstd1.floats(), N: N, C: C, accumulate: true)
      }
      Embedding.backward(dtable: embed.grad!.floats, dout: dres, tokens: tokBuf.baseAddress!, N: N, C: C, V: V)
    }}}}}}}
    last = nil  // the logits buffer now holds a gradient
  }
}

extension Optional where Wrapped == [Float] {
  func withUnsafeBufferPointerOptional<R>(_ body: (UnsafePointer<Float>?) -> R) -> R {
    switch self {
    case .none: return body(nil)
    case .some(let a): return a.withUnsafeBufferPointer { body($0.baseAddress) }
    }
  }
}
