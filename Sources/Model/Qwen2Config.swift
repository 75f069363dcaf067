// Qwen2 hyperparameters read from a Hugging Face `config.json`, keyed by the HF names
// (mlx-lm models/qwen2.py ModelArgs). Only `model_type: "qwen2"` is accepted.
import JSON

/// Storage precision of the weights (compute is always fp32).
public enum WeightDType: String, Sendable, Codable, CaseIterable {
  case f32, bf16, f16

  /// HF `torch_dtype` / `dtype` spelling.
  public var torchName: String {
    switch self {
    case .f32: return "float32"
    case .bf16: return "bfloat16"
    case .f16: return "float16"
    }
  }

  public init?(torchName: String) {
    switch torchName {
    case "float32": self = .f32
    case "bfloat16": self = .bf16
    case "float16": self = .f16
    default: return nil
    }
  }
}

public struct Qwen2Config: Sendable, Equatable {
  public var hiddenSize: Int            // C
  public var numHiddenLayers: Int       // L
  public var numAttentionHeads: Int     // NH
  public var numKeyValueHeads: Int      // KVH
  public var headDim: Int               // HS
  public var intermediateSize: Int      // FF
  public var vocabSize: Int             // V
  public var ropeTheta: Double
  public var rmsNormEps: Double
  public var tieWordEmbeddings: Bool
  public var maxPositionEmbeddings: Int
  public var bosTokenId: Int?
  public var eosTokenIds: [Int]
  public var padTokenId: Int?
  /// The dtype the checkpoint declares (`torch_dtype` or `dtype`); nil when absent.
  public var torchDType: WeightDType?

  public init(hiddenSize: Int, numHiddenLayers: Int, numAttentionHeads: Int, numKeyValueHeads: Int,
              headDim: Int? = nil, intermediateSize: Int, vocabSize: Int, ropeTheta: Double = 10000,
              rmsNormEps: Double = 1e-6, tieWordEmbeddings: Bool = true, maxPositionEmbeddings: Int = 32768,
              bosTokenId: Int? = nil, eosTokenIds: [Int] = [], padTokenId: Int? = nil, torchDType: WeightDType? = nil) {
    self.hiddenSize = hiddenSize
    self.numHiddenLayers = numHiddenLayers
    self.numAttentionHeads = numAttentionHeads
    self.numKeyValueHeads = numKeyValueHeads
    self.headDim = headDim ?? hiddenSize / max(numAttentionHeads, 1)
    self.intermediateSize = intermediateSize
    self.vocabSize = vocabSize
    self.ropeTheta = ropeTheta
    self.rmsNormEps = rmsNormEps
    self.tieWordEmbeddings = tieWordEmbeddings
    self.maxPositionEmbeddings = maxPositionEmbeddings
    self.bosTokenId = bosTokenId
    self.eosTokenIds = eosTokenIds
    self.padTokenId = padTokenId
    self.torchDType = torchDType
  }

  /// Query width NH*HS and key/value width KVH*HS.
  public var qDim: Int { numAttentionHeads * headDim }
  public var kvDim: Int { numKeyValueHeads * headDim }

  /// Reads and validates `config.json`.
  public static func load(file: String) throws -> Qwen2Config {
    let json: JSON
    do { json = try JSON.read(file: file) } catch {
      throw ModelError(.io, file: file, "cannot read config: \(error)")
    }
    return try Qwen2Config(json: json, source: file)
  }

  /// Builds from a parsed HF config; `source` names the file in errors.
  public init(json: JSON, source: String) throws {
    guard let obj = json.object else {
      throw ModelError(.badValue, file: source, "expected a JSON object, got \(json.kindName)")
    }
    func int(_ key: String) throws -> Int {
      guard let v = obj[key], !v.isNull else { throw ModelError(.missingKey, file: source, item: key, "required key is missing") }
      guard let i = v.int else { throw ModelError(.badValue, file: source, item: key, "expected an integer, got \(v.kindName)") }
      guard i > 0 else { throw ModelError(.badValue, file: source, item: key, "expected a positive integer, got \(i)") }
      return i
    }
    func optInt(_ key: String) throws -> Int? {
      guard let v = obj[key], !v.isNull else { return nil }
      guard let i = v.int else { throw ModelError(.badValue, file: source, item: key, "expected an integer, got \(v.kindName)") }
      return i
    }
    func optPositive(_ key: String) throws -> Int? {
      guard let i = try optInt(key) else { return nil }
      guard i > 0 else { throw ModelError(.badValue, file: source, item: key, "expected a positive integer, got \(i)") }
      return i
    }
    func optDouble(_ key: String, in o: JSONObject) throws -> Double? {
      guard let v = o[key], !v.isNull else { return nil }
      guard let d = v.double else { throw ModelError(.badValue, file: source, item: key, "expected a number, got \(v.kindName)") }
      guard d.isFinite else { throw ModelError(.badValue, file: source, item: key, "expected a finite number, got \(d)") }
      return d
    }
    guard let type = obj["model_type"]?.string else {
      throw ModelError(.missingKey, file: source, item: "model_type", "required key is missing (expected \"qwen2\")")
    }
    guard type == "qwen2" else {
      throw ModelError(.unsupportedModelType, file: source, item: "model_type",
                       "unsupported model_type \"\(type)\": only \"qwen2\" (Qwen2/Qwen2.5 family) is supported")
    }
    let hidden = try int("hidden_size")
    let heads = try int("num_attention_heads")
    let kvHeads = try optInt("num_key_value_heads") ?? heads
    guard kvHeads > 0, heads % kvHeads == 0 else {
      throw ModelError(.badValue, file: source, item: "num_key_value_heads",
                       "\(kvHeads) must be positive and divide num_attention_heads (\(heads))")
    }
    let headDim = try optInt("head_dim")
    if headDim == nil && hidden % heads != 0 {
      throw ModelError(.badValue, file: source, item: "hidden_size",
                       "\(hidden) is not divisible by num_attention_heads (\(heads)) and head_dim is not given")
    }
    if let h = headDim, h <= 0 || h % 2 != 0 {
      throw ModelError(.badValue, file: source, item: "head_dim", "expected a positive even integer, got \(h)")
    }
    // rope_theta: top level (published Qwen2) or under rope_parameters (transformers 5).
    var theta = try optDouble("rope_theta", in: obj)
    if theta == nil, let rp = obj["rope_parameters"]?.object { theta = try optDouble("rope_theta", in: rp) }
    if let rp = obj["rope_parameters"]?.object, let t = rp["rope_type"]?.string, t != "default" {
      throw ModelError(.badValue, file: source, item: "rope_parameters.rope_type",
                       "only the default RoPE is supported, got \"\(t)\"")
    }
    var eos: [Int] = []
    if let e = obj["eos_token_id"] {
      if let i = e.int { eos = [i] } else if let a = e.array, a.allSatisfy({ $0.int != nil }) { eos = a.compactMap(\.int) } else if !e.isNull {
        throw ModelError(.badValue, file: source, item: "eos_token_id", "expected an integer or a list, got \(e.kindName)")
      }
    }
    var dtype: WeightDType?
    for key in ["torch_dtype", "dtype"] {
      if let s = obj[key]?.string {
        guard let d = WeightDType(torchName: s) else {
          throw ModelError(.unsupportedDType, file: source, item: key, "unsupported dtype \"\(s)\" (float32, bfloat16, float16)")
        }
        dtype = d
      }
    }
    if let t = obj["tie_word_embeddings"], !t.isNull, t.bool == nil {
      throw ModelError(.badValue, file: source, item: "tie_word_embeddings", "expected a boolean, got \(t.kindName)")
    }
    self.init(hiddenSize: hidden, numHiddenLayers: try int("num_hidden_layers"), numAttentionHeads: heads,
              numKeyValueHeads: kvHeads, headDim: headDim, intermediateSize: try int("intermediate_size"),
              vocabSize: try int("vocab_size"), ropeTheta: theta ?? 10000,
              rmsNormEps: try optDouble("rms_norm_eps", in: obj) ?? 1e-6,
              tieWordEmbeddings: obj["tie_word_embeddings"]?.bool ?? false,
              maxPositionEmbeddings: try optPositive("max_position_embeddings") ?? 32768,
              bosTokenId: try optInt("bos_token_id"), eosTokenIds: eos, padTokenId: try optInt("pad_token_id"),
              torchDType: dtype)
    try validate(source: source)
  }

  /// HF `config.json` content for this config (what `transformers` needs to build Qwen2ForCausalLM).
  public func json(dtype: WeightDType) -> JSON {
    var o = JSONObject()
    o["architectures"] = ["Qwen2ForCausalLM"]
    o["attention_dropout"] = 0.0
    o["bos_token_id"] = bosTokenId.map { JSON.int($0) } ?? .null
    o["eos_token_id"] = eosTokenIds.count == 1 ? .int(eosTokenIds[0]) : .array(eosTokenIds.map { .int($0) })
    if eosTokenIds.isEmpty { o["eos_token_id"] = .null }
    o["head_dim"] = .int(headDim)
    o["hidden_act"] = "silu"
    o["hidden_size"] = .int(hiddenSize)
    o["initializer_range"] = 0.02
    o["intermediate_size"] = .int(intermediateSize)
    o["max_position_embeddings"] = .int(maxPositionEmbeddings)
    o["max_window_layers"] = .int(numHiddenLayers)
    o["model_type"] = "qwen2"
    o["num_attention_heads"] = .int(numAttentionHeads)
    o["num_hidden_layers"] = .int(numHiddenLayers)
    o["num_key_value_heads"] = .int(numKeyValueHeads)
    if let p = padTokenId { o["pad_token_id"] = .int(p) }
    o["rms_norm_eps"] = .double(rmsNormEps)
    o["rope_theta"] = .double(ropeTheta)
    o["sliding_window"] = .null
    o["tie_word_embeddings"] = .bool(tieWordEmbeddings)
    o["torch_dtype"] = .string(dtype.torchName)
    o["use_cache"] = true
    o["use_sliding_window"] = false
    o["vocab_size"] = .int(vocabSize)
    return .object(o)
  }
}
