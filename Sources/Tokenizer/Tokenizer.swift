// Byte-level BPE tokenizer compatible with HF `tokenizers` for Qwen2-family tokenizer.json files.
// Pipeline (encode): added tokens split out of the raw text -> NFC (if declared) -> Qwen2 split
// -> byte-level -> BPE merges (cached per pre-token). Decode: bytes of each token, UTF-8 lossy.
//
// Public API:
//   let tok = try Tokenizer(path: "model-dir")          // or ".../tokenizer.json"; reads
//                                                         // tokenizer_config.json / generation_config.json beside it
//   tok.encode(text) -> [Int]                           // specials in the text become their ids, as HF
//   tok.encode(text, matchAddedTokens: false)           // untrusted text: "<|im_end|>" stays text
//   tok.decode(ids, skipSpecial: false) -> String       // unknown ids skipped; tok.validate(ids:) throws
//   tok.id(for: "<|im_end|>"), tok.token(for: 151645), tok.isSpecial(id), tok.vocabSize
//   tok.specials.eosTokenId / .eosTokenIds / .padTokenId / .bosTokenId / .modelMaxLength
//   try Tokenizer.train(corpus: texts, vocabSize: 4096, specialTokens: Tokenizer.defaultSpecialTokens, minFrequency: 2)
//   try tok.save(directory: dir, modelMaxLength: 1024, chatTemplate: nil)   // tokenizer.json + tokenizer_config.json
// Thread-safe: one Tokenizer may encode from several threads (the word cache is behind a mutex).
import Synchronization

/// Normalizers we implement.
public enum Normalizer: Sendable, Equatable {
  case none
  case nfc
}

public final class Tokenizer: Sendable {
  let model: BPEModel
  /// Added tokens as declared by the file, in file order.
  public let addedTokens: [AddedToken]
  public let normalizer: Normalizer
  public let preTokenizer: PreTokenizerKind
  /// Max id + 1 over the BPE vocabulary and the added tokens (the embedding rows needed).
  public let vocabSize: Int
  /// Special ids from tokenizer_config.json / generation_config.json (nil where not declared).
  public let specials: SpecialTokens

  let rawMatcher: AddedTokenMatcher?
  let normalizedMatcher: AddedTokenMatcher?
  /// id -> index into `addedTokens`.
  let addedIndex: [Int: Int]
  let addedByContent: [String: Int]
  /// Pre-token -> ids. Bounded: cleared when it passes `cacheLimit` entries.
  let cache = Mutex(WordCache())
  static let cacheLimit = 200_000

  init(model: BPEModel, addedTokens: [AddedToken], normalizer: Normalizer, preTokenizer: PreTokenizerKind,
       specials: SpecialTokens) {
    self.model = model
    self.addedTokens = addedTokens
    self.normalizer = normalizer
    self.preTokenizer = preTokenizer
    self.specials = specials
    vocabSize = max(model.count, (addedTokens.map(\.id).max() ?? -1) + 1)
    rawMatcher = AddedTokenMatcher(addedTokens.filter { !$0.normalized })
    normalizedMatcher = AddedTokenMatcher(addedTokens.filter { $0.normalized })
    var index: [Int: Int] = [:], byContent: [String: Int] = [:]
    for (i, t) in addedTokens.enumerated() { index[t.id] = i; byContent[t.content] = t.id }
    addedIndex = index
    addedByContent = byContent
  }

  // MARK: - Encode

  /// Token ids of `text`. With `matchAddedTokens` (the default, as HF) special and added token
  /// strings in the text become their ids; without, they are tokenized as plain text (for
  /// untrusted text that must not inject <|im_end|>).
  public func encode(_ text: String, matchAddedTokens: Bool = true) -> [Int] {
    var out: [Int] = []
    out.reserveCapacity(text.utf8.count / 3 + 4)
    var text = text
    text.withUTF8 { buf in
      guard buf.count > 0 else { return }
      if matchAddedTokens, let m = rawMatcher {
        m.split(buf) { seg in
          switch seg {
          case .token(let id): out.append(id)
          case .text(let s, let e): encodeNormalizing(UnsafeBufferPointer(rebasing: buf[s..<e]), matchAddedTokens, &out)
          }
        }
      } else {
        encodeNormalizing(buf, matchAddedTokens, &out)
      }
    }
    return out
  }

  private func encodeNormalizing(_ bytes: UnsafeBufferPointer<UInt8>, _ matchAdded: Bool, _ out: inout [Int]) {
    if normalizer == .nfc && !bytes.allSatisfy({ $0 < 0x80 }) {
      // ASCII is already NFC; anything else goes through NFC.swift (HF's tables).
      let nfc = NFC.normalize(bytes)
      nfc.withUnsafeBufferPointer { encodeNormalized($0, matchAdded, &out) }
    } else {
      encodeNormalized(bytes, matchAdded, &out)
    }
  }

  private func encodeNormalized(_ bytes: UnsafeBufferPointer<UInt8>, _ matchAdded: Bool, _ out: inout [Int]) {
    if matchAdded, let m = normalizedMatcher {
      m.split(bytes) { seg in
        switch seg {
        case .token(let id): out.append(id)
        case .text(let s, let e): encodePlain(UnsafeBufferPointer(rebasing: bytes[s..<e]), &out)
        }
      }
    } else {
      encodePlain(bytes, &out)
    }
  }

  private func encodePlain(_ bytes: UnsafeBufferPointer<UInt8>, _ out: inout [Int]) {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    Qwen2Scanner(p: base, n: bytes.count).forEachPiece { s, e in
      encodeWord(UnsafeBufferPointer(start: base + s, count: e - s), &out)
    }
  }

  private func encodeWord(_ word: UnsafeBufferPointer<UInt8>, _ out: inout [Int]) {
    if word.count == 1 {
      let id = model.byteIds[Int(word[0])]
      if id >= 0 { out.append(Int(id)) }
      return
    }
    let key = WordCache.Key(word)
    if let hit = cache.withLock({ $0.get(key) }) {
      for id in hit { out.append(Int(id)) }
      return
    }
    var ids: [Int32]
    if model.ignoreMerges, let whole = model.bytesToId[ByteKey(Array(word))] {
      ids = [whole]
    } else {
      ids = model.initialSymbols(word)
      model.merge(&ids)
    }
    for id in ids { out.append(Int(id)) }
    cache.withLock { $0.set(key, ids, limit: Self.cacheLimit) }
  }

  // MARK: - Decode

  /// Text of `ids`. Tokens of the BPE vocabulary contribute their bytes (UTF-8 decoded with
  /// U+FFFD for invalid sequences, per run between added tokens, as HF); added tokens outside it
  /// contribute their content. Unknown ids are skipped, as HF does; see `validate(ids:)`.
  public func decode(_ ids: [Int], skipSpecial: Bool = false) -> String {
    var out = ""
    var pending: [UInt8] = []
    func flush() {
      if !pending.isEmpty { out += String(decoding: pending, as: UTF8.self); pending.removeAll(keepingCapacity: true) }
    }
    for id in ids {
      guard id >= 0 && id < vocabSize else { continue }
      if let a = addedIndex[id] {
        if skipSpecial && addedTokens[a].special { continue }
        if id >= model.count || model.idToToken[id].isEmpty {
          flush()
          out += addedTokens[a].content
          continue
        }
      }
      if id < model.count { pending.append(contentsOf: model.idToBytes[id]) }
    }
    flush()
    return out
  }

  /// Throws for the first id outside the vocabulary (for input from users).
  public func validate(ids: [Int]) throws {
    for id in ids where id < 0 || id >= vocabSize || token(for: id) == nil {
      throw TokenizerError.unknownId(id, vocabSize: vocabSize)
    }
  }

  // MARK: - Tokens and ids

  /// The id of a token in HF's form ("Ġthe", "<|im_end|>"), or nil.
  public func id(for token: String) -> Int? {
    if let a = addedByContent[token] { return a }
    return model.id(forToken: token).map(Int.init)
  }

  /// The token string (HF's form) of an id, or nil for an id with no token.
  public func token(for id: Int) -> String? {
    if let a = addedIndex[id] { return addedTokens[a].content }
    guard id >= 0 && id < model.count, !model.idToToken[id].isEmpty else { return nil }
    return model.idToToken[id]
  }

  /// Whether `id` is an added token flagged special.
  public func isSpecial(_ id: Int) -> Bool {
    addedIndex[id].map { addedTokens[$0].special } ?? false
  }

  /// Number of BPE vocabulary entries and of merges (for reports).
  public var bpeVocabularyCount: Int { model.entryCount }
  public var mergeCount: Int { model.mergeList.count }
}

/// The per-word cache. Keys compare bytes: Swift `String` equality is canonical equivalence
/// ("e\u{301}" == "é"), which would merge distinct pre-tokens under a non-NFC tokenizer, and its
/// hashing normalizes non-ASCII text (slow). ASCII words use String keys (inline, no allocation).
struct WordCache {
  enum Key {
    case ascii(String)
    case bytes(ByteKey)

    init(_ word: UnsafeBufferPointer<UInt8>) {
      self = word.allSatisfy { $0 < 0x80 } ? .ascii(String(decoding: word, as: UTF8.self)) : .bytes(ByteKey(Array(word)))
    }
  }

  var ascii: [String: [Int32]] = [:]
  var other: [ByteKey: [Int32]] = [:]

  func get(_ k: Key) -> [Int32]? {
    switch k {
    case .ascii(let s): return ascii[s]
    case .bytes(let b): return other[b]
    }
  }

  mutating func set(_ k: Key, _ ids: [Int32], limit: Int) {
    if ascii.count + other.count >= limit {
      ascii.removeAll(keepingCapacity: true)
      other.removeAll(keepingCapacity: true)
    }
    switch k {
    case .ascii(let s): ascii[s] = ids
    case .bytes(let b): other[b] = ids
    }
  }
}
