// Range checks of a Qwen2 config, run before anything is allocated: a config.json with
// vocab_size 10^12 or num_hidden_layers 10^9 is an error naming the key, not an allocator abort
// or a process that grows without bound. The ranges are wide (the largest published Qwen2.5 is
// inside them many times over); the total parameter count is checked with overflow-checked
// arithmetic. Also the generation limit: prompt + new tokens must fit max_position_embeddings.
import JSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Qwen2Config {
  /// Accepted ranges per key (HF names).
  public static let limits: [(key: String, range: ClosedRange<Int>)] = [
    ("hidden_size", 1...(1 << 16)), ("num_hidden_layers", 1...1024), ("num_attention_heads", 1...1024),
    ("num_key_value_heads", 1...1024), ("head_dim", 2...4096), ("intermediate_size", 1...(1 << 18)),
    ("vocab_size", 1...(1 << 22)), ("max_position_embeddings", 1...(1 << 24)),
  ]
  /// Most parameters a config may describe (~34B; 136 GB in fp32).
  public static let maxParameters = 1 << 35

  func value(of key: String) -> Int {
    switch key {
    case "hidden_size": return hiddenSize
    case "num_hidden_layers": return numHiddenLayers
    case "num_attention_heads": return numAttentionHeads
    case "num_key_value_heads": return numKeyValueHeads
    case "head_dim": return headDim
    case "intermediate_size": return intermediateSize
    case "vocab_size": return vocabSize
    default: return maxPositionEmbeddings
    }
  }

  /// Throws a `ModelError` naming `source` and the key when a value is out of its range, a float is
  /// not finite, a token id is outside the vocabulary, or the model would be too large.
  public func validate(source: String) throws {
    for (key, range) in Self.limits where !range.contains(value(of: key)) {
      throw ModelError(.badValue, file: source, item: key,
                       "\(value(of: key)) is outside the supported range \(range.lowerBound)...\(range.upperBound)")
    }
    guard headDim % 2 == 0 else { throw ModelError(.badValue, file: source, item: "head_dim", "expected an even number (RoPE), got \(headDim)") }
    guard numAttentionHeads % numKeyValueHeads == 0 else {
      throw ModelError(.badValue, file: source, item: "num_key_value_heads",
                       "\(numKeyValueHeads) must divide num_attention_heads (\(numAttentionHeads))")
    }
    guard ropeTheta.isFinite, ropeTheta > 1 else {
      throw ModelError(.badValue, file: source, item: "rope_theta", "expected a finite number > 1, got \(ropeTheta)")
    }
    guard rmsNormEps.isFinite, rmsNormEps > 0, rmsNormEps < 1 else {
      throw ModelError(.badValue, file: source, item: "rms_norm_eps", "expected a finite number in (0, 1), got \(rmsNormEps)")
    }
    for (key, ids) in [("eos_token_id", eosTokenIds), ("bos_token_id", bosTokenId.map { [$0] } ?? []),
                       ("pad_token_id", padTokenId.map { [$0] } ?? [])] {
      if let bad = ids.first(where: { $0 < 0 || $0 >= vocabSize }) {
        throw ModelError(.badValue, file: source, item: key, "token id \(bad) is outside the vocabulary 0..<\(vocabSize)")
      }
    }
    guard let n = parameterCount(), n <= Self.maxParameters else {
      throw ModelError(.badValue, file: source, item: "",
                       "the sizes describe a model of more than \(Self.maxParameters) parameters (hidden_size \(hiddenSize), "
                       + "num_hidden_layers \(numHiddenLayers), intermediate_size \(intermediateSize), vocab_size \(vocabSize), head_dim \(headDim))")
    }
  }

  /// Parameters of the model this config describes, nil on overflow (overflow-checked throughout).
  public func parameterCount() -> Int? {
    func mul(_ xs: Int...) -> Int? {
      var r = 1
      for x in xs { let (p, o) = r.multipliedReportingOverflow(by: x); if o { return nil }; r = p }
      return r
    }
    func add(_ xs: Int?...) -> Int? {
      var r = 0
      for x in xs { guard let x else { return nil }; let (s, o) = r.addingReportingOverflow(x); if o { return nil }; r = s }
      return r
    }
    let C = hiddenSize, FF = intermediateSize
    guard let q = mul(numAttentionHeads, headDim), let kv = mul(numKeyValueHeads, headDim),
          let layer = add(mul(2, C), mul(q, C), q, mul(2, kv, C), mul(2, kv), mul(C, q), mul(3, FF, C)),
          let embed = mul(vocabSize, C) else { return nil }
    return add(embed, tieWordEmbeddings ? 0 : embed, C, mul(numHiddenLayers, layer))
  }

  /// Parameter names and shapes in HF order, as `Qwen2Model.init` creates them (nothing allocated).
  public func expectedTensors() -> [(name: String, shape: [Int])] {
    let C = hiddenSize
    var out: [(name: String, shape: [Int])] = [("model.embed_tokens.weight", [vocabSize, C])]
    for l in 0..<numHiddenLayers {
      let pre = "model.layers.\(l)."
      out += [(pre + "input_layernorm.weight", [C]), (pre + "self_attn.q_proj.weight", [qDim, C]), (pre + "self_attn.q_proj.bias", [qDim]),
              (pre + "self_attn.k_proj.weight", [kvDim, C]), (pre + "self_attn.k_proj.bias", [kvDim]),
              (pre + "self_attn.v_proj.weight", [kvDim, C]), (pre + "self_attn.v_proj.bias", [kvDim]),
              (pre + "self_attn.o_proj.weight", [C, qDim]), (pre + "post_attention_layernorm.weight", [C]),
              (pre + "mlp.gate_proj.weight", [intermediateSize, C]), (pre + "mlp.up_proj.weight", [intermediateSize, C]),
              (pre + "mlp.down_proj.weight", [C, intermediateSize])]
    }
    out.append(("model.norm.weight", [C]))
    if !tieWordEmbeddings { out.append(("lm_head.weight", [vocabSize, C])) }
    return out
  }

  /// Throws when the weights in `dtype` (norms and biases in f32) would take more than the machine's
  /// physical memory, naming both sizes: a clear error instead of an allocator abort or swapping.
  public func checkFitsMemory(dtype: WeightDType, source: String) throws {
    guard let n = parameterCount() else { throw ModelError(.badValue, file: source, "the model's size overflows 64-bit counts") }
    let bytes = Double(n) * Double(dtype == .f32 ? 4 : 2)
    let physical = Double(sysconf(Int32(_SC_PHYS_PAGES))) * Double(sysconf(Int32(_SC_PAGESIZE)))
    guard physical <= 0 || bytes <= physical else {
      throw ModelError(.badValue, file: source, "the model has \(n) parameters: \(Int(bytes / 1e9)) GB of \(dtype.rawValue) weights "
        + "do not fit this machine's \(Int(physical / 1e9)) GB of memory")
    }
  }

  /// Checks that a prompt of `promptTokens` tokens plus `maxNewTokens` new ones fits the model's
  /// positions (`max_position_embeddings`). Callers of `Generator.generate` run it first: the
  /// generator itself only has preconditions.
  public func checkGeneration(promptTokens: Int, maxNewTokens: Int) throws {
    guard promptTokens >= 1 else { throw GenerationLimitError(message: "the prompt has no tokens") }
    guard maxNewTokens >= 0 else { throw GenerationLimitError(message: "max new tokens must be >= 0, got \(maxNewTokens)") }
    let (total, o) = promptTokens.addingReportingOverflow(maxNewTokens)
    guard !o, total <= maxPositionEmbeddings else {
      throw GenerationLimitError(message: "a prompt of \(promptTokens) tokens + \(maxNewTokens) new tokens exceeds the model's "
        + "max_position_embeddings (\(maxPositionEmbeddings)): at most \(max(0, maxPositionEmbeddings - promptTokens)) new tokens fit")
    }
  }

  /// New tokens a prompt of `promptTokens` tokens may get: `maxNewTokens`, cut to the positions left.
  /// Throws when the prompt alone fills the positions.
  public func newTokenLimit(promptTokens: Int, maxNewTokens: Int) throws -> Int {
    guard promptTokens < maxPositionEmbeddings else {
      throw GenerationLimitError(message: "a prompt of \(promptTokens) tokens leaves no room to generate: the model's "
        + "max_position_embeddings is \(maxPositionEmbeddings)")
    }
    return max(0, min(maxNewTokens, maxPositionEmbeddings - promptTokens))
  }
}

/// A generation request the model's positions cannot hold.
public struct GenerationLimitError: Error, CustomStringConvertible, Sendable, Equatable {
  public var message: String
  public var description: String { message }
}
