// Writing HF-layout files: tokenizer.json (what HF `tokenizers` loads) and tokenizer_config.json
// (what transformers' AutoTokenizer reads for special tokens). Deterministic bytes, atomic writes.
import JSON

extension Tokenizer {
  /// The tokenizer.json document. Merges are written as [left, right] pairs (tokenizers >= 0.20).
  public func tokenizerJSON() -> JSON {
    var vocab = JSONObject()
    for id in 0..<model.count where !model.idToToken[id].isEmpty { vocab[model.idToToken[id]] = .int(id) }
    let merges: [JSON] = model.mergeList.map { .array([.string(model.idToToken[Int($0.0)]), .string(model.idToToken[Int($0.1)])]) }
    let added: [JSON] = addedTokens.map {
      ["id": .int($0.id), "content": .string($0.content), "single_word": .bool($0.singleWord), "lstrip": .bool($0.lstrip),
       "rstrip": .bool($0.rstrip), "normalized": .bool($0.normalized), "special": .bool($0.special)]
    }
    let byteLevel: JSON = ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false, "use_regex": false]
    let modelJSON = JSON.object(JSONObject(pairs: [
      ("type", "BPE"), ("dropout", nil), ("unk_token", nil), ("continuing_subword_prefix", nil),
      ("end_of_word_suffix", nil), ("fuse_unk", false), ("byte_fallback", false), ("ignore_merges", .bool(model.ignoreMerges)),
      ("vocab", .object(vocab)), ("merges", .array(merges)),
    ]))
    return .object(JSONObject(pairs: [
      ("version", "1.0"), ("truncation", nil), ("padding", nil), ("added_tokens", .array(added)),
      ("normalizer", normalizer == .nfc ? ["type": "NFC"] : nil),
      ("pre_tokenizer", ["type": "Sequence", "pretokenizers": [
        ["type": "Split", "pattern": ["Regex": .string(PreTokenizerKind.qwen2Pattern)], "behavior": "Isolated", "invert": false],
        byteLevel,
      ]]),
      ("post_processor", byteLevel), ("decoder", byteLevel), ("model", modelJSON),
    ]))
  }

  /// The tokenizer_config.json document (transformers' Qwen2Tokenizer fields).
  public func tokenizerConfigJSON(modelMaxLength: Int? = nil, chatTemplate: String? = nil) -> JSON {
    var decoderMap = JSONObject()
    for t in addedTokens {
      decoderMap[String(t.id)] = ["content": .string(t.content), "lstrip": .bool(t.lstrip), "normalized": .bool(t.normalized),
                                  "rstrip": .bool(t.rstrip), "single_word": .bool(t.singleWord), "special": .bool(t.special)]
    }
    func name(_ id: Int?) -> JSON { id.flatMap { token(for: $0) }.map(JSON.string) ?? nil }
    var o = JSONObject(pairs: [
      ("add_bos_token", .bool(specials.addBosToken)), ("add_prefix_space", false), ("added_tokens_decoder", .object(decoderMap)),
      ("additional_special_tokens", .array(addedTokens.filter { $0.special }.map { .string($0.content) })),
      ("bos_token", name(specials.bosTokenId)),
    ])
    if let chatTemplate { o["chat_template"] = .string(chatTemplate) }
    o["clean_up_tokenization_spaces"] = false
    o["eos_token"] = name(specials.eosTokenId)
    o["errors"] = "replace"
    o["model_max_length"] = .int(modelMaxLength ?? specials.modelMaxLength ?? 32768)
    o["pad_token"] = name(specials.padTokenId)
    o["split_special_tokens"] = false
    o["tokenizer_class"] = "Qwen2Tokenizer"
    o["unk_token"] = nil
    return .object(o)
  }

  /// Writes tokenizer.json and tokenizer_config.json into `directory` (which must exist).
  public func save(directory: String, modelMaxLength: Int? = nil, chatTemplate: String? = nil) throws {
    try AtomicFile.write(tokenizerJSON().serialized(pretty: true) + "\n", to: directory + "/tokenizer.json")
    try AtomicFile.write(tokenizerConfigJSON(modelMaxLength: modelMaxLength, chatTemplate: chatTemplate).serialized(pretty: true) + "\n",
                         to: directory + "/tokenizer_config.json")
  }
}
