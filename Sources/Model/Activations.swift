// Buffers the training forward keeps for backward (llm.c style: one named buffer per activation,
// shapes in comments), plus the backward's scratch. Sized for N = B*T rows; reused while large enough.
import Kernels

final class LayerActivations {
  let xIn: AlignedBuffer     // (N, C) residual stream entering the layer
  let ln1: AlignedBuffer     // (N, C)
  let rstd1: AlignedBuffer   // (N)
  let q: AlignedBuffer       // (N, NH*HS) after RoPE
  let k: AlignedBuffer       // (N, KVH*HS) after RoPE
  let v: AlignedBuffer       // (N, KVH*HS)
  let att: AlignedBuffer     // (N, NH*HS) attention output before o_proj
  let lse: AlignedBuffer     // (B, NH, T)
  let xMid: AlignedBuffer    // (N, C) residual after attention
  let ln2: AlignedBuffer     // (N, C)
  let rstd2: AlignedBuffer   // (N)
  let gate: AlignedBuffer    // (N, FF)
  let up: AlignedBuffer      // (N, FF)
  let h: AlignedBuffer       // (N, FF) silu(gate) * up

  init(N: Int, c: Qwen2Config) {
    let C = c.hiddenSize, FF = c.intermediateSize
    func f(_ n: Int) -> AlignedBuffer { AlignedBuffer(byteCount: n * 4) }
    xIn = f(N * C); ln1 = f(N * C); rstd1 = f(N)
    q = f(N * c.qDim); k = f(N * c.kvDim); v = f(N * c.kvDim); att = f(N * c.qDim)
    lse = f(N * c.numAttentionHeads)
    xMid = f(N * C); ln2 = f(N * C); rstd2 = f(N)
    gate = f(N * FF); up = f(N * FF); h = f(N * FF)
  }
}

final class Activations {
  let capacity: Int          // rows
  let layers: [LayerActivations]
  let xOut: AlignedBuffer    // (N, C) residual after the last layer
  let lnf: AlignedBuffer     // (N, C)
  let rstdf: AlignedBuffer   // (N)
  let logits: AlignedBuffer  // (logitRows, V): the output head runs over chunks of rows
  let logitRows: Int
  let lse: AlignedBuffer     // (N) log-sum-exp of each logits row
  let entropy: AlignedBuffer // (N)
  let tmp: AlignedBuffer     // (N, max(C, FF, NH*HS)) scratch
  let attScratch: AlignedBuffer
  // Backward only (allocated lazily).
  lazy var dres = AlignedBuffer(byteCount: capacity * width * 4)   // (N, C) gradient of the residual stream
  lazy var dA = AlignedBuffer(byteCount: capacity * width * 4)     // (N, max width)
  lazy var dB = AlignedBuffer(byteCount: capacity * width * 4)
  lazy var dC = AlignedBuffer(byteCount: capacity * width * 4)
  lazy var dD = AlignedBuffer(byteCount: capacity * width * 4)
  let width: Int

  init(N: Int, c: Qwen2Config, logitRows: Int) {
    capacity = N
    self.logitRows = logitRows
    layers = (0..<c.numHiddenLayers).map { _ in LayerActivations(N: N, c: c) }
    let C = c.hiddenSize
    width = max(C, c.intermediateSize, c.qDim)
    func f(_ n: Int) -> AlignedBuffer { AlignedBuffer(byteCount: n * 4) }
    xOut = f(N * C); lnf = f(N * C); rstdf = f(N)
    logits = f(logitRows * c.vocabSize); lse = f(N); entropy = f(N)
    tmp = f(N * width)
    // Attention scratch depends on B*T only: B*NH*T forward, 2*B*KVH*T backward.
    attScratch = f(max(N * c.numAttentionHeads, 2 * N * c.numKeyValueHeads))
  }
}
