// Loading a tokenizer from HF files: tokenizer.json (required) and, beside it,
// tokenizer_config.json and generation_config.json (optional, for special ids).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSON

extension Tokenizer {
  /// Loads from a model folder (reads `tokenizer.json` in it) or from a tokenizer.json path;
  /// the optional config files are read from the same folder.
  public convenience init(path: String) throws {
    var st = stat()
    let isDir = stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    let file = isDir ? path + "/tokenizer.json" : path
    let dir = isDir ? path : Self.directory(of: path)
    let root = try JSON.read(file: file)
    func optional(_ name: String) throws -> JSON? {
      let p = dir + "/" + name
      guard access(p, R_OK) == 0 else { return nil }
      return try JSON.read(file: p)
    }
    try self.init(tokenizerJSON: root, source: file, tokenizerConfig: optional("tokenizer_config.json"),
                  generationConfig: optional("generation_config.json"), directory: dir)
  }

  /// Builds from parsed files; `source` and `directory` name them in errors.
  public convenience init(tokenizerJSON root: JSON, source: String, tokenizerConfig: JSON? = nil,
                          generationConfig: JSON? = nil, directory: String = ".") throws {
    let model = try Self.loadModel(root, source)
    let added = try Self.loadAddedTokens(root, source)
    let normalizer = try Self.loadNormalizer(root["normalizer"], source, key: "normalizer")
    let pre = try Self.loadPreTokenizer(root, source)
    try Self.checkDecoder(root, source)
    var byContent: [String: Int] = [:]
    for t in added { byContent[t.content] = t.id }
    let specials = try SpecialTokens.load(
      tokenizerConfig: tokenizerConfig, tokenizerConfigPath: directory + "/tokenizer_config.json",
      generationConfig: generationConfig, generationConfigPath: directory + "/generation_config.json",
      idOf: { byContent[$0] ?? model.id(forToken: $0).map(Int.init) })
    let vocabSize = max(model.count, (added.map(\.id).max() ?? -1) + 1)
    for (name, ids) in [("eos_token_id", specials.eosTokenIds), ("pad_token_id", specials.padTokenId.map { [$0] } ?? []),
                        ("bos_token_id", specials.bosTokenId.map { [$0] } ?? [])] {
      if let bad = ids.first(where: { $0 < 0 || $0 >= vocabSize }) {
        throw TokenizerError.invalid(file: directory + "/generation_config.json", key: name,
                                     message: "token id \(bad) is outside the vocabulary 0..<\(vocabSize)")
      }
    }
    self.init(model: model, addedTokens: added, normalizer: normalizer, preTokenizer: pre, specials: specials)
  }

  /// Largest vocabulary accepted (ids 0..<4,194,304; Qwen2.5 has 151,665).
  public static let maxVocabSize = 1 << 22

  static func directory(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  // MARK: - model

  static func loadModel(_ root: JSON, _ file: String) throws -> BPEModel {
    guard let m = root["model"], m.object != nil else {
      throw TokenizerError.missingKey(file: file, key: "model", expected: "an object")
    }
    let type = m["type"]?.string ?? "BPE"  // HF infers BPE from vocab + merges when type is absent
    guard type == "BPE" else { throw TokenizerError.unsupportedModelType(file: file, type: type) }
    guard let vocabObj = m["vocab"]?.object else {
      throw TokenizerError.missingKey(file: file, key: "model.vocab", expected: "an object of token -> id")
    }
    var vocab: [(String, Int32)] = []
    vocab.reserveCapacity(vocabObj.count)
    // Ids index arrays sized max id + 1, so they are bounded before anything is allocated.
    var owner: [Int32: String] = [:]
    for (tok, v) in vocabObj {
      guard let id = v.int else {
        throw TokenizerError.invalid(file: file, key: "model.vocab.\(tok)", message: "expected a non-negative integer id, found \(v.kindName)")
      }
      guard id >= 0, id < maxVocabSize else {
        throw TokenizerError.invalid(file: file, key: "model.vocab.\(tok)", message: "id \(id) is outside 0..<\(maxVocabSize) (limit Tokenizer.maxVocabSize)")
      }
      if let other = owner.updateValue(tok, forKey: Int32(id)) {
        throw TokenizerError.invalid(file: file, key: "model.vocab.\(tok)", message: "id \(id) is also the id of \"\(other)\" (ids must be distinct)")
      }
      vocab.append((tok, Int32(id)))
    }
    var model = BPEModel(vocab: vocab, ignoreMerges: m["ignore_merges"]?.bool ?? false)
    for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
      if let s = m[key]?.string, !s.isEmpty {
        throw TokenizerError.unsupportedComponent(file: file, key: "model.\(key)", detail: "\"\(s)\" (only byte-level BPE without affixes)")
      }
    }
    if m["byte_fallback"]?.bool == true {
      throw TokenizerError.unsupportedComponent(file: file, key: "model.byte_fallback", detail: "byte fallback (SentencePiece-style BPE)")
    }
    if let d = m["dropout"]?.double, d > 0 {
      throw TokenizerError.unsupportedComponent(file: file, key: "model.dropout", detail: "BPE dropout \(d)")
    }
    guard let mergesJSON = m["merges"]?.array else {
      throw TokenizerError.missingKey(file: file, key: "model.merges", expected: "an array of \"a b\" strings or [a, b] pairs")
    }
    var merges: [(Int32, Int32, Int32)] = []
    merges.reserveCapacity(mergesJSON.count)
    for (i, mj) in mergesJSON.enumerated() {
      let key = "model.merges[\(i)]"
      let a: String, b: String
      if let s = mj.string {
        // Byte-level tokens never hold a raw space, so "a b" splits at its one space.
        let parts = s.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
          throw TokenizerError.invalid(file: file, key: key, message: "expected \"left right\" with one space, found \"\(s)\"")
        }
        a = String(parts[0]); b = String(parts[1])
      } else if let p = mj.array, p.count == 2, let x = p[0].string, let y = p[1].string {
        a = x; b = y
      } else {
        throw TokenizerError.invalid(file: file, key: key, message: "expected a string \"a b\" or a pair [a, b], found \(mj.kindName)")
      }
      guard let ia = model.id(forToken: a) else { throw TokenizerError.unknownMergeToken(file: file, key: key, token: a) }
      guard let ib = model.id(forToken: b) else { throw TokenizerError.unknownMergeToken(file: file, key: key, token: b) }
      guard let im = model.bytesToId[ByteKey(model.idToBytes[Int(ia)] + model.idToBytes[Int(ib)])] ?? model.otherTokens[a + b] else {
        throw TokenizerError.unknownMergeToken(file: file, key: key, token: a + b)
      }
      merges.append((ia, ib, im))
    }
    model.setMerges(merges)
    return model
  }

  // MARK: - added tokens

  static func loadAddedTokens(_ root: JSON, _ file: String) throws -> [AddedToken] {
    guard let list = root["added_tokens"], !list.isNull else { return [] }
    guard let arr = list.array else {
      throw TokenizerError.missingKey(file: file, key: "added_tokens", expected: "an array")
    }
    return try arr.enumerated().map { i, t in
      let key = "added_tokens[\(i)]"
      guard let id = t["id"]?.int, id >= 0 else { throw TokenizerError.missingKey(file: file, key: key + ".id", expected: "a non-negative integer") }
      guard id < maxVocabSize else {
        throw TokenizerError.invalid(file: file, key: key + ".id", message: "id \(id) is outside 0..<\(maxVocabSize) (limit Tokenizer.maxVocabSize)")
      }
      guard let content = t["content"]?.string else { throw TokenizerError.missingKey(file: file, key: key + ".content", expected: "a string") }
      let special = t["special"]?.bool ?? false
      return AddedToken(id: id, content: content, special: special,
                        lstrip: t["lstrip"]?.bool ?? false, rstrip: t["rstrip"]?.bool ?? false,
                        singleWord: t["single_word"]?.bool ?? false,
                        normalized: t["normalized"]?.bool ?? !special)
    }
  }

  // MARK: - pipeline stages

  static func loadNormalizer(_ n: JSON?, _ file: String, key: String) throws -> Normalizer {
    guard let n, !n.isNull else { return .none }
    switch n["type"]?.string {
    case "NFC": return .nfc
    case "Sequence":
      guard let list = n["normalizers"]?.array else {
        throw TokenizerError.missingKey(file: file, key: key + ".normalizers", expected: "an array")
      }
      var result = Normalizer.none
      for (i, sub) in list.enumerated() {
        if try loadNormalizer(sub, file, key: "\(key).normalizers[\(i)]") == .nfc { result = .nfc }
      }
      return result
    case let t:
      throw TokenizerError.unsupportedComponent(file: file, key: key + ".type", detail: "normalizer \(t.map { "\"\($0)\"" } ?? "without a type") (only NFC)")
    }
  }

  /// Accepts Qwen2's form: Sequence[Split(Qwen2 regex, Isolated), ByteLevel(use_regex: false)].
  static func loadPreTokenizer(_ root: JSON, _ file: String) throws -> PreTokenizerKind {
    let key = "pre_tokenizer"
    guard let p = root[key], p["type"]?.string == "Sequence", let list = p["pretokenizers"]?.array, list.count == 2 else {
      throw TokenizerError.unsupportedComponent(file: file, key: key, detail: "expected Qwen2's Sequence [Split(regex), ByteLevel]")
    }
    let split = list[0], bl = list[1]
    guard split["type"]?.string == "Split", let regex = split["pattern"]?["Regex"]?.string else {
      throw TokenizerError.unsupportedComponent(file: file, key: key + ".pretokenizers[0]", detail: "expected a Split with a Regex pattern")
    }
    guard regex == PreTokenizerKind.qwen2Pattern else {
      throw TokenizerError.unsupportedComponent(file: file, key: key + ".pretokenizers[0].pattern.Regex", detail: "split pattern \(regex) (only Qwen2's)")
    }
    guard (split["behavior"]?.string ?? "Isolated") == "Isolated", split["invert"]?.bool != true else {
      throw TokenizerError.unsupportedComponent(file: file, key: key + ".pretokenizers[0].behavior", detail: "only Isolated, not inverted")
    }
    guard bl["type"]?.string == "ByteLevel", bl["use_regex"]?.bool == false, bl["add_prefix_space"]?.bool != true else {
      throw TokenizerError.unsupportedComponent(file: file, key: key + ".pretokenizers[1]", detail: "expected ByteLevel with use_regex false and no prefix space")
    }
    return .qwen2
  }

  static func checkDecoder(_ root: JSON, _ file: String) throws {
    guard let d = root["decoder"], d["type"]?.string == "ByteLevel" else {
      throw TokenizerError.unsupportedComponent(file: file, key: "decoder", detail: "expected a ByteLevel decoder")
    }
  }
}
