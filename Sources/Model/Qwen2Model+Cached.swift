// Inference forward with a KV cache: M rows each append Tq new tokens (prefill: one row, Tq = prompt
// length; decode: the active rows, Tq = 1) and get the logits of their last new position. Rows not
// listed cost nothing. Positions continue from each row's cached length.
import Kernels

extension Qwen2Model {
  /// Appends `tokens` (M, Tq) to cache rows `rows` (M) and returns last-position logits (M, V).
  public func forwardCached(cache: KVCache, rows: [Int], tokens: [Int32], Tq: Int) -> [Float] {
    let c = config
    let M = rows.count, N = M * Tq
    precondition(M >= 1 && Tq >= 1 && tokens.count == N, "forwardCached: \(tokens.count) tokens for M=\(M) x Tq=\(Tq)")
    let C = c.hiddenSize, FF = c.intermediateSize, NH = c.numAttentionHeads, KVH = c.numKeyValueHeads, HS = c.headDim
    let QD = c.qDim, KD = c.kvDim, V = c.vocabSize
    let eps = Float(c.rmsNormEps)
    var positions = [Int32](repeating: 0, count: N)
    for (m, r) in rows.enumerated() {
      precondition(cache.lengths[r] + Tq <= cache.capacity,
                   "forwardCached: row \(r) would hold \(cache.lengths[r] + Tq) > capacity \(cache.capacity) positions")
      for i in 0..<Tq { positions[m * Tq + i] = Int32(cache.lengths[r] + i) }
    }
    ensureRope(Int(positions.max()!) + 1)
    func f(_ n: Int) -> AlignedBuffer { AlignedBuffer(byteCount: n * 4) }
    let x = f(N * C), ln = f(N * C), rstd = f(N), q = f(N * QD), k = f(N * KD), v = f(N * KD), att = f(N * QD)
    let tmp = f(N * C), gate = f(N * FF), up = f(N * FF)
    let scratchPerRow = Attention.forwardScratchCount(B: 1, NH: NH, Tk: cache.capacity)
    let scratch = f(M * scratchPerRow)
    var logits = [Float](repeating: 0, count: M * V)
    tokens.withUnsafeBufferPointer { tok in
    positions.withUnsafeBufferPointer { posBuf in
    ropeCos.withUnsafeBufferPointer { cosBuf in
    ropeSin.withUnsafeBufferPointer { sinBuf in
      let pos = posBuf.baseAddress!, cos = cosBuf.baseAddress!, sin = sinBuf.baseAddress!, P = ropePositions
      embedForward(x.floats(), tok.baseAddress!, N: N)  // (N, C)
      for (l, w) in layers.enumerated() {
        RMSNorm.forward(out: ln.floats(), rstd: rstd.floats(), inp: x.floats(), weight: w.inputNorm.value.floats, N: N, C: C, eps: eps)
        linear(q.floats(), ln.floats(), w.q, w.qBias, N: N)
        linear(k.floats(), ln.floats(), w.k, w.kBias, N: N)
        linear(v.floats(), ln.floats(), w.v, w.vBias, N: N)
        Rope.forward(out: q.floats(), x: q.floats(), positions: pos, cos: cos, sin: sin, N: N, H: NH, HS: HS, P: P)
        Rope.forward(out: k.floats(), x: k.floats(), positions: pos, cos: cos, sin: sin, N: N, H: KVH, HS: HS, P: P)
        for (m, r) in rows.enumerated() {
          let start = cache.lengths[r]
          (cache.k(l, row: r) + start * KD).update(from: k.floats() + m * Tq * KD, count: Tq * KD)
          (cache.v(l, row: r) + start * KD).update(from: v.floats() + m * Tq * KD, count: Tq * KD)
        }
        // Rows have different lengths, so each row is its own attention call. With several rows, one
        // parallel loop over rows (the inner calls then run serially) costs one dispatch, not M.
        let attend = { (m: Int) in
          let r = rows[m]
          Attention.decode(out: att.floats() + m * Tq * QD, q: q.floats() + m * Tq * QD,
                           kCache: cache.k(l, row: r), vCache: cache.v(l, row: r), segments: nil,
                           scratch: scratch.floats() + m * scratchPerRow, B: 1, Tq: Tq, Tk: cache.lengths[r] + Tq,
                           S: cache.capacity, NH: NH, KVH: KVH, HS: HS)
        }
        if M == 1 { attend(0) } else { Parallel.forEach(M, attend) }
        linear(tmp.floats(), att.floats(), w.o, nil, N: N)
        Residual.forward(out: x.floats(), a: x.floats(), b: tmp.floats(), count: N * C)
        RMSNorm.forward(out: ln.floats(), rstd: rstd.floats(), inp: x.floats(), weight: w.postNorm.value.floats, N: N, C: C, eps: eps)
        linear(gate.floats(), ln.floats(), w.gate, nil, N: N)
        linear(up.floats(), ln.floats(), w.up, nil, N: N)
        SwiGLU.forward(out: gate.floats(), gate: gate.floats(), up: up.floats(), count: N * FF)
        linear(tmp.floats(), gate.floats(), w.down, nil, N: N)
        Residual.forward(out: x.floats(), a: x.floats(), b: tmp.floats(), count: N * C)
      }
      // Only each row's last position reaches the head.
      for m in 0..<M { (ln.floats() + m * C).update(from: x.floats() + (m * Tq + Tq - 1) * C, count: C) }
      RMSNorm.forward(out: tmp.floats(), rstd: rstd.floats(), inp: ln.floats(), weight: norm.value.floats, N: M, C: C, eps: eps)
      logits.withUnsafeMutableBufferPointer { linear($0.baseAddress!, tmp.floats(), head, nil, N: M) }
    }}}}
    for r in rows { cache.lengths[r] += Tq }
    return logits
  }
}
