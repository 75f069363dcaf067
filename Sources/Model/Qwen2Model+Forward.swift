// Training/scoring forward over a TokenBatch (llm.c style: a straight list of layer calls, keeping
// every activation backward needs), ending in per-token log-probabilities of the given targets.
import Kernels

/// Per-token outputs of `Qwen2Model.forward`.
public struct ForwardResult: Sendable {
  /// log p(target | prefix) per token (N = B*T), 0 where the target is < 0.
  public var logprobs: [Float]
  /// Entropy of each position's next-token distribution (N), when requested.
  public var entropy: [Float]?
}

extension Qwen2Model {
  /// Runs the decoder on `batch` and returns each position's log-probability of `targets` (N, -1 to
  /// ignore). Keeps activations for `backward`. Not thread-safe: one forward/backward at a time per model.
  @discardableResult
  public func forward(_ batch: TokenBatch, targets: [Int32], entropy: Bool = false) -> ForwardResult {
    precondition(targets.count == batch.N, "forward: \(targets.count) targets for N=\(batch.N) tokens")
    let a = runDecoder(batch)
    let N = batch.N, V = config.vocabSize, C = config.hiddenSize
    var logp = [Float](repeating: 0, count: N)
    targets.withUnsafeBufferPointer { t in
      logp.withUnsafeMutableBufferPointer { lp in
        for r0 in stride(from: 0, to: N, by: a.logitRows) {
          let rows = min(a.logitRows, N - r0)
          linear(a.logits.floats(), a.lnf.floats() + r0 * C, head, nil, N: rows)  // (rows, V)
          CrossEntropy.logProbs(logp: lp.baseAddress! + r0, lse: a.lse.floats() + r0,
                                entropy: entropy ? a.entropy.floats() + r0 : nil, logits: a.logits.floats(),
                                targets: t.baseAddress! + r0, N: rows, V: V)
        }
      }
    }
    last = (batch, targets, entropy)
    let ent = entropy ? Array(UnsafeBufferPointer(start: a.entropy.floats(N), count: N)) : nil
    return ForwardResult(logprobs: logp, entropy: ent)
  }

  /// Logits (N, V) for every position of `batch` (inference helper).
  public func logits(_ batch: TokenBatch) -> [Float] {
    let a = runDecoder(batch)
    last = nil
    var out = [Float](repeating: 0, count: batch.N * config.vocabSize)
    out.withUnsafeMutableBufferPointer { linear($0.baseAddress!, a.lnf.floats(), head, nil, N: batch.N) }
    return out
  }

  /// Embedding, L blocks, final norm (the head runs in chunks in `forward`). Returns the activations.
  func runDecoder(_ batch: TokenBatch) -> Activations {
    let c = config
    let B = batch.B, T = batch.T, N = batch.N
    let C = c.hiddenSize, FF = c.intermediateSize, NH = c.numAttentionHeads, KVH = c.numKeyValueHeads, HS = c.headDim
    let eps = Float(c.rmsNormEps)
    let logitRows = min(N, max(1, maxLogitFloats / c.vocabSize))
    if acts == nil || acts!.capacity < N || acts!.logitRows != logitRows {
      acts = nil
      acts = Activations(N: N, c: c, logitRows: logitRows)
    }
    let a = acts!
    let maxPos = Int(batch.positions.max() ?? 0)
    precondition(batch.positions.allSatisfy { $0 >= 0 }, "forward: negative position")
    ensureRope(maxPos + 1)
    batch.tokens.withUnsafeBufferPointer { tokBuf in
    batch.positions.withUnsafeBufferPointer { posBuf in
    batch.segments.withUnsafeBufferPointer { segBuf in
    ropeCos.withUnsafeBufferPointer { cosBuf in
    ropeSin.withUnsafeBufferPointer { sinBuf in
      let tokens = tokBuf.baseAddress!, pos = posBuf.baseAddress!, seg = segBuf.baseAddress!
      let cos = cosBuf.baseAddress!, sin = sinBuf.baseAddress!, P = ropePositions
      let tmp = a.tmp.floats()
      embedForward(a.layers.first?.xIn.floats() ?? a.xOut.floats(), tokens, N: N)  // (N, C)
      for (l, w) in layers.enumerated() {
        let x = a.layers[l]
        let xNext = l + 1 < layers.count ? a.layers[l + 1].xIn.floats() : a.xOut.floats()
        RMSNorm.forward(out: x.ln1.floats(), rstd: x.rstd1.floats(), inp: x.xIn.floats(), weight: w.inputNorm.value.floats,
                        N: N, C: C, eps: eps)
        linear(x.q.floats(), x.ln1.floats(), w.q, w.qBias, N: N)  // (N, NH*HS)
        linear(x.k.floats(), x.ln1.floats(), w.k, w.kBias, N: N)  // (N, KVH*HS)
        linear(x.v.floats(), x.ln1.floats(), w.v, w.vBias, N: N)  // (N, KVH*HS)
        Rope.forward(out: x.q.floats(), x: x.q.floats(), positions: pos, cos: cos, sin: sin, N: N, H: NH, HS: HS, P: P)
        Rope.forward(out: x.k.floats(), x: x.k.floats(), positions: pos, cos: cos, sin: sin, N: N, H: KVH, HS: HS, P: P)
        Attention.forward(out: x.att.floats(), lse: x.lse.floats(), q: x.q.floats(), k: x.k.floats(), v: x.v.floats(),
                          segments: seg, scratch: a.attScratch.floats(), B: B, T: T, NH: NH, KVH: KVH, HS: HS)
        linear(tmp, x.att.floats(), w.o, nil, N: N)  // (N, C)
        Residual.forward(out: x.xMid.floats(), a: x.xIn.floats(), b: tmp, count: N * C)
        RMSNorm.forward(out: x.ln2.floats(), rstd: x.rstd2.floats(), inp: x.xMid.floats(), weight: w.postNorm.value.floats,
                        N: N, C: C, eps: eps)
        linear(x.gate.floats(), x.ln2.floats(), w.gate, nil, N: N)  // (N, FF)
        linear(x.up.floats(), x.ln2.floats(), w.up, nil, N: N)      // (N, FF)
        SwiGLU.forward(out: x.h.floats(), gate: x.gate.floats(), up: x.up.floats(), count: N * FF)
        linear(tmp, x.h.floats(), w.down, nil, N: N)  // (N, C)
        Residual.forward(out: xNext, a: x.xMid.floats(), b: tmp, count: N * C)
      }
      RMSNorm.forward(out: a.lnf.floats(), rstd: a.rstdf.floats(), inp: a.xOut.floats(), weight: norm.value.floats,
                      N: N, C: C, eps: eps)
    }}}}}
    return a
  }
}
