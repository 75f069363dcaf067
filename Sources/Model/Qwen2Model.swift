// The Qwen2 decoder's parameters, keyed by HF names (mlx-lm models/qwen2.py): embedding, L blocks of
// (input_layernorm, self_attn q/k/v with bias, o without, post_attention_layernorm, SwiGLU mlp),
// final norm, and lm_head unless tied to the embedding. Matrices are stored in `dtype` (f32/bf16/f16),
// norm weights and biases always in f32; all compute is fp32.
import Kernels
import Seeded

/// Not thread-safe: a model keeps its forward activations, caches and scratch; use one per thread.
public final class Qwen2Model: @unchecked Sendable {
  public struct Layer {
    public let inputNorm, q, qBias, k, kBias, v, vBias, o, postNorm, gate, up, down: Parameter
  }

  public let config: Qwen2Config
  /// Storage dtype of the matrices.
  public let dtype: WeightDType
  public let embed: Parameter         // (V, C)
  public let layers: [Layer]
  public let norm: Parameter          // (C)
  /// Separate output head (V, C), nil when tied to `embed`.
  public let lmHead: Parameter?
  /// Every parameter, in HF order.
  public let parameters: [Parameter]
  /// RoPE tables (P, HS/2), grown on demand.
  var ropeCos: [Float] = []
  var ropeSin: [Float] = []
  var ropePositions = 0
  /// Arithmetic of the linear layers' products over more than DecodeGemv.maxRows rows (training,
  /// prefill): fp32, or bf16 operands with fp32 accumulation. Setting it resolves it for this CPU
  /// (ComputePrecision.resolve: fp32, with a notice, where AVX512_BF16 is missing or turned off).
  /// Decode-sized products (GEMV), attention, norms, softmax and the loss stay fp32 either way.
  public var compute: ComputePrecision {
    get { computeResolved }
    set { computeResolved = ComputePrecision.resolve(newValue) }
  }
  var computeResolved = ComputePrecision.fp32
  /// Widened copy of one 16-bit matrix at a time (bf16/f16 storage only).
  var widenScratch: AlignedBuffer?
  /// The output head's logits are computed over chunks of at most this many floats (rows x V), so a
  /// 152k vocabulary with long sequences does not need an (N, V) buffer; backward recomputes chunks.
  public var maxLogitFloats = 1 << 26
  /// Forward buffers kept for backward, and what the last forward ran on.
  var acts: Activations?
  var last: (batch: TokenBatch, targets: [Int32], entropy: Bool)?

  /// A model with zero weights (use `randomInit(seed:)` or `load`).
  public init(config c: Qwen2Config, dtype: WeightDType = .f32) {
    self.config = c
    self.dtype = dtype
    let md = dtype.kernelDType
    var all: [Parameter] = []
    func p(_ name: String, _ shape: [Int], matrix: Bool) -> Parameter {
      let q = Parameter(name: name, shape: shape, dtype: matrix ? md : .f32)
      all.append(q)
      return q
    }
    embed = p("model.embed_tokens.weight", [c.vocabSize, c.hiddenSize], matrix: true)
    var ls: [Layer] = []
    for l in 0..<c.numHiddenLayers {
      let pre = "model.layers.\(l)."
      ls.append(Layer(
        inputNorm: p(pre + "input_layernorm.weight", [c.hiddenSize], matrix: false),
        q: p(pre + "self_attn.q_proj.weight", [c.qDim, c.hiddenSize], matrix: true),
        qBias: p(pre + "self_attn.q_proj.bias", [c.qDim], matrix: false),
        k: p(pre + "self_attn.k_proj.weight", [c.kvDim, c.hiddenSize], matrix: true),
        kBias: p(pre + "self_attn.k_proj.bias", [c.kvDim], matrix: false),
        v: p(pre + "self_attn.v_proj.weight", [c.kvDim, c.hiddenSize], matrix: true),
        vBias: p(pre + "self_attn.v_proj.bias", [c.kvDim], matrix: false),
        o: p(pre + "self_attn.o_proj.weight", [c.hiddenSize, c.qDim], matrix: true),
        postNorm: p(pre + "post_attention_layernorm.weight", [c.hiddenSize], matrix: false),
        gate: p(pre + "mlp.gate_proj.weight", [c.intermediateSize, c.hiddenSize], matrix: true),
        up: p(pre + "mlp.up_proj.weight", [c.intermediateSize, c.hiddenSize], matrix: true),
        down: p(pre + "mlp.down_proj.weight", [c.hiddenSize, c.intermediateSize], matrix: true)))
    }
    layers = ls
    norm = p("model.norm.weight", [c.hiddenSize], matrix: false)
    lmHead = c.tieWordEmbeddings ? nil : p("lm_head.weight", [c.vocabSize, c.hiddenSize], matrix: true)
    parameters = all
  }

  /// The output projection (V, C): lm_head, or the embedding when tied.
  public var head: Parameter { lmHead ?? embed }

  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

  public func parameter(named name: String) -> Parameter? { parameters.first { $0.name == name } }

  /// HF-style init: matrices ~ N(0, std), biases 0, norm weights 1. Deterministic in `seed`;
  /// each parameter draws from its own stream so the values do not depend on the others' sizes.
  public func randomInit(seed: UInt64, std: Float = 0.02) {
    for (i, p) in parameters.enumerated() {
      var buf = [Float](repeating: 0, count: p.count)
      if p.name.hasSuffix("norm.weight") {
        for j in buf.indices { buf[j] = 1 }
      } else if !p.name.hasSuffix(".bias") {
        var rng = SeededRNG(seed: seed, stream: UInt64(i))
        for j in buf.indices { buf[j] = std * rng.normal() }
      }
      p.setFloats(buf)
    }
  }

  /// Allocates zeroed fp32 gradients for every parameter (idempotent).
  public func allocateGradients() {
    for p in parameters where p.grad == nil { p.grad = Tensor(zeros: p.shape, dtype: .f32) }
  }

  /// Sets every gradient to zero.
  public func zeroGradients() {
    for p in parameters { if let g = p.grad { g.floats.update(repeating: 0, count: g.count) } }
  }

  /// Global L2 norm of the gradients (fp64 accumulation).
  public func gradientNorm() -> Double {
    var s = 0.0
    for p in parameters { if let g = p.grad { for i in 0..<g.count { let x = Double(g.floats[i]); s += x * x } } }
    return s.squareRoot()
  }

  /// Makes sure the RoPE tables cover positions 0..<P.
  func ensureRope(_ P: Int) {
    if P <= ropePositions { return }
    let n = max(P, min(2 * ropePositions, config.maxPositionEmbeddings), 64)
    let half = config.headDim / 2
    ropeCos = [Float](repeating: 0, count: n * half)
    ropeSin = [Float](repeating: 0, count: n * half)
    ropeCos.withUnsafeMutableBufferPointer { c in
      ropeSin.withUnsafeMutableBufferPointer { s in
        Rope.tables(cos: c.baseAddress!, sin: s.baseAddress!, P: n, HS: config.headDim, theta: Float(config.ropeTheta))
      }
    }
    ropePositions = n
  }
}

extension WeightDType {
  var kernelDType: DType {
    switch self {
    case .f32: return .f32
    case .bf16: return .bf16
    case .f16: return .f16
    }
  }
}
