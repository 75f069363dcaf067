// Special token ids declared outside tokenizer.json: tokenizer_config.json (eos_token, pad_token,
// bos_token, model_max_length) and generation_config.json (eos_token_id, possibly a list).
import JSON

public struct SpecialTokens: Sendable, Equatable {
  /// tokenizer_config.json's eos_token, else the first of generation_config's eos_token_id.
  public var eosTokenId: Int?
  /// Every id that ends generation: generation_config's list, then tokenizer_config's eos.
  public var eosTokenIds: [Int]
  public var padTokenId: Int?
  public var bosTokenId: Int?
  public var modelMaxLength: Int?
  /// tokenizer_config.json's add_bos_token (DeepSeek-R1-Distill sets it). `encode` never adds
  /// tokens itself: prompt formatting prepends `bosTokenId` when this is true.
  public var addBosToken = false

  public init(eosTokenId: Int? = nil, eosTokenIds: [Int] = [], padTokenId: Int? = nil, bosTokenId: Int? = nil,
              modelMaxLength: Int? = nil) {
    self.eosTokenId = eosTokenId; self.eosTokenIds = eosTokenIds; self.padTokenId = padTokenId
    self.bosTokenId = bosTokenId; self.modelMaxLength = modelMaxLength
  }

  /// Reads the two optional files; `idOf` resolves token strings to ids.
  static func load(tokenizerConfig: JSON?, tokenizerConfigPath: String, generationConfig: JSON?,
                   generationConfigPath: String, idOf: (String) -> Int?) throws -> SpecialTokens {
    var s = SpecialTokens()
    func tokenId(_ key: String) throws -> Int? {
      guard let v = tokenizerConfig?[key], !v.isNull else { return nil }
      // Either "<|im_end|>" or {"content": "<|im_end|>", ...} (older transformers).
      guard let text = v.string ?? v["content"]?.string else {
        throw TokenizerError.missingKey(file: tokenizerConfigPath, key: key, expected: "a token string or {\"content\": ...}")
      }
      guard let id = idOf(text) else {
        throw TokenizerError.invalid(file: tokenizerConfigPath, key: key, message: "token \"\(text)\" is not in the tokenizer's vocabulary")
      }
      return id
    }
    func ids(_ key: String) throws -> [Int] {
      guard let v = generationConfig?[key], !v.isNull else { return [] }
      if let i = v.int { return [i] }
      if let a = v.array, a.allSatisfy({ $0.int != nil }) { return a.map { $0.int! } }
      throw TokenizerError.missingKey(file: generationConfigPath, key: key, expected: "an integer or a list of integers")
    }
    let configEos = try tokenId("eos_token")
    let genEos = try ids("eos_token_id")
    s.eosTokenId = configEos ?? genEos.first
    s.eosTokenIds = genEos
    if let e = configEos, !genEos.contains(e) { s.eosTokenIds.append(e) }
    s.padTokenId = try tokenId("pad_token") ?? ids("pad_token_id").first
    s.bosTokenId = try tokenId("bos_token") ?? ids("bos_token_id").first
    s.addBosToken = tokenizerConfig?["add_bos_token"]?.bool ?? false
    if let m = tokenizerConfig?["model_max_length"], !m.isNull {
      // HF writes 1e30-ish sentinels for "no limit": keep only plausible integers.
      if let i = m.int, i > 0 { s.modelMaxLength = i }
    }
    return s
  }
}
