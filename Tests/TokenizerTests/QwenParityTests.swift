// Parity with HF `tokenizers` 0.23 at full scale: the real Qwen2.5 tokenizer (151,643 BPE tokens,
// 151,387 merges, 22 added tokens) on ~500 strings (multilingual, emoji, CJK, code, LaTeX,
// whitespace runs, CRLF, special tokens, K&K and MATH text, random class mixes). The ids come
// from Resources/make_reference.py; no Python is needed here.
import JSON
import Testing
import TestSupport
@testable import Tokenizer

@Suite struct QwenParityTests {
  static let reference = try? JSON.read(file: Fixtures.resources + "/qwen25_reference.json")

  @Test func idsEqualHFOnEveryReferenceString() throws {
    let tok = try #require(Fixtures.qwenTokenizer)
    let cases = try #require(Self.reference?["cases"]?.array)
    #expect(cases.count > 400)
    var mismatches = 0
    for c in cases {
      let text = try #require(c["text"]?.string)
      let ids = try #require(c["ids"]?.array).map { $0.int! }
      let ours = tok.encode(text)
      if ours != ids { mismatches += 1 }
      // Exact: ids are integers.
      #expect(ours == ids, "text: \(text.debugDescription)")
      #expect(tok.decode(ids) == c["decoded"]?.string, "decode of \(ids)")
    }
    #expect(mismatches == 0)
  }

  @Test func decodeMatchesHFOnSplitCharactersAndSpecials() throws {
    let tok = try #require(Fixtures.qwenTokenizer)
    let cases = try #require(Self.reference?["decode_cases"]?.array)
    for c in cases {
      let ids = try #require(c["ids"]?.array).map { $0.int! }
      #expect(tok.decode(ids) == c["text"]?.string, "\(ids)")
      #expect(tok.decode(ids, skipSpecial: true) == c["skip_special"]?.string, "\(ids)")
    }
  }

  @Test func sizesAndSpecials() throws {
    let tok = try #require(Fixtures.qwenTokenizer)
    #expect(tok.bpeVocabularyCount == 151_643)
    #expect(tok.mergeCount == 151_387)
    #expect(tok.addedTokens.count == 22)
    #expect(tok.vocabSize == 151_665)
    #expect(tok.id(for: "<|im_end|>") == 151_645)
    #expect(tok.specials.eosTokenId == 151_645)  // tokenizer_config.json's eos_token
    #expect(tok.specials.padTokenId == 151_643)
    #expect(tok.isSpecial(151_643) && !tok.isSpecial(151_657))  // <tool_call> is added, not special
    #expect(tok.token(for: 1879) == "Ġworld")
  }

  /// One tokenizer shared by concurrent tasks (the word cache is shared) gives the sequential ids.
  @Test func concurrentEncodingMatchesSequential() async throws {
    let tok = try #require(Fixtures.qwenTokenizer)
    let texts = try #require(Self.reference?["cases"]?.array).compactMap { $0["text"]?.string }
    let expected = texts.map { tok.encode($0) }
    let results = await withTaskGroup(of: (Int, [[Int]]).self) { group in
      for worker in 0..<4 {
        group.addTask { (worker, texts.map { tok.encode($0) }) }
      }
      var all: [[[Int]]] = []
      for await (_, r) in group { all.append(r) }
      return all
    }
    #expect(results.count == 4)
    for r in results { #expect(r == expected) }
  }

  @Test func untrustedTextDoesNotInjectSpecials() throws {
    let tok = try #require(Fixtures.qwenTokenizer)
    let ids = tok.encode("a<|im_end|>b", matchAddedTokens: false)
    #expect(!ids.contains(151_645))
    #expect(tok.decode(ids) == "a<|im_end|>b")
  }
}
