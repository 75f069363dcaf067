// Training a byte-level BPE tokenizer with the Qwen2 pipeline (NFC, Qwen2 split, byte level).
// Special tokens take the ids after the BPE vocabulary, as in Qwen's own files.

extension Tokenizer {
  /// The specials of the project's embedded default tokenizer, in id order.
  public static let defaultSpecialTokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]

  /// Counts the NFC-normalized, Qwen2-split words of `corpus` (see `WordCounter`).
  public static func countWords(corpus: some Sequence<String>, specialTokens: [String]) -> [String: Int] {
    var counter = WordCounter(specialTokens: specialTokens)
    for text in corpus { counter.add(text) }
    return counter.counts
  }

  /// Trains a byte-level BPE tokenizer. `vocabSize` counts everything: 256 byte tokens, the
  /// merges, and `specialTokens` (which get the last ids, in the order given). Pairs seen fewer
  /// than `minFrequency` times are never merged. Tie-breaking: see BPETrainer.swift (equal to HF).
  public static func train(corpus: some Sequence<String>, vocabSize: Int, specialTokens: [String] = defaultSpecialTokens,
                           minFrequency: Int = 2, progress: ((Int, Int) -> Void)? = nil) throws -> Tokenizer {
    try train(wordCounts: countWords(corpus: corpus, specialTokens: specialTokens), vocabSize: vocabSize,
              specialTokens: specialTokens, minFrequency: minFrequency, progress: progress)
  }

  /// Trains from word counts (as `countWords` returns), e.g. merged from several corpora.
  public static func train(wordCounts: [String: Int], vocabSize: Int, specialTokens: [String] = defaultSpecialTokens,
                           minFrequency: Int = 2, progress: ((Int, Int) -> Void)? = nil) throws -> Tokenizer {
    guard Set(specialTokens).count == specialTokens.count, !specialTokens.contains("") else {
      throw TokenizerError.training("special tokens must be distinct and non-empty: \(specialTokens)")
    }
    guard vocabSize >= 256 + specialTokens.count else {
      throw TokenizerError.training("vocabulary size \(vocabSize) is below the 256 byte tokens + \(specialTokens.count) special tokens")
    }
    guard minFrequency >= 1 else { throw TokenizerError.training("minFrequency must be >= 1, got \(minFrequency)") }
    var trainer = BPETrainer(wordCounts: wordCounts)
    trainer.train(targetTokens: vocabSize - specialTokens.count, minFrequency: minFrequency, progress: progress)
    var model = BPEModel(vocab: trainer.tokens.enumerated().map { (ByteLevel.encode($0.element), Int32($0.offset)) })
    model.setMerges(trainer.merges)
    let base = trainer.tokens.count
    let added = specialTokens.enumerated().map { AddedToken(id: base + $0.offset, content: $0.element, special: true) }
    let byName = Dictionary(uniqueKeysWithValues: added.map { ($0.content, $0.id) })
    // Qwen's convention: <|im_end|> ends a turn, <|endoftext|> pads; otherwise the first special.
    let eos = byName["<|im_end|>"] ?? added.first?.id
    let pad = byName["<|endoftext|>"] ?? added.first?.id
    let specials = SpecialTokens(eosTokenId: eos, eosTokenIds: eos.map { [$0] } ?? [], padTokenId: pad)
    return Tokenizer(model: model, addedTokens: added, normalizer: .nfc, preTokenizer: .qwen2, specials: specials)
  }
}

/// Word frequencies for training: each text is NFC-normalized and split by the Qwen2 scanner,
/// with the special tokens cut out first (so "<|im_end|>" in a trace is never learnt as text).
public struct WordCounter {
  public private(set) var counts: [String: Int] = [:]
  public private(set) var texts = 0
  public private(set) var bytes = 0
  let matcher: AddedTokenMatcher?

  public init(specialTokens: [String]) {
    matcher = AddedTokenMatcher(specialTokens.enumerated().map { AddedToken(id: $0.offset, content: $0.element, special: true) })
  }

  public mutating func add(_ text: String) {
    var text = text
    texts += 1
    bytes += text.utf8.count
    text.withUTF8 { buf in
      if let matcher {
        matcher.split(buf) { seg in
          if case .text(let s, let e) = seg { normalizeAndScan(UnsafeBufferPointer(rebasing: buf[s..<e])) }
        }
      } else {
        normalizeAndScan(buf)
      }
    }
  }

  private mutating func normalizeAndScan(_ bytes: UnsafeBufferPointer<UInt8>) {
    if bytes.allSatisfy({ $0 < 0x80 }) { scan(bytes); return }
    NFC.normalize(bytes).withUnsafeBufferPointer { scan($0) }
  }

  private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>) {
    guard let base = bytes.baseAddress, bytes.count > 0 else { return }
    var local = counts
    counts = [:]  // keep the dictionary uniquely referenced while it is mutated
    Qwen2Scanner(p: base, n: bytes.count).forEachPiece { s, e in
      local[String(decoding: UnsafeBufferPointer(start: base + s, count: e - s), as: UTF8.self), default: 0] += 1
    }
    counts = local
  }
}
