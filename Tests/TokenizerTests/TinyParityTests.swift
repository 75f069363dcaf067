// Parity with HF `tokenizers` on the tiny-qwen2 fixture (512-token BPE trained by HF with
// Qwen2's split regex): every tokenizer_cases entry of reference.json, exact ids and text.
import JSON
import Testing
import TestSupport
@testable import Tokenizer

@Suite struct TinyParityTests {
  @Test func referenceCasesEncodeAndDecodeExactly() throws {
    let tok = try #require(Fixtures.tinyTokenizer)
    let ref = try JSON.read(file: Fixtures.tiny + "/reference.json")
    let cases = try #require(ref["tokenizer_cases"]?.array)
    #expect(cases.count >= 7)
    for c in cases {
      let text = try #require(c["text"]?.string)
      let ids = try #require(c["ids"]?.array).map { $0.int! }
      // Exact equality: token ids are integers, there is no tolerance to state.
      #expect(tok.encode(text) == ids, "text: \(text.debugDescription)")
      #expect(tok.decode(ids) == c["decoded"]?.string, "ids: \(ids)")
    }
  }

  @Test func specialTokensAndConfigIds() throws {
    let tok = try #require(Fixtures.tinyTokenizer)
    let ref = try JSON.read(file: Fixtures.tiny + "/reference.json")
    let specials = try #require(ref["special_tokens"]?.object)
    for (name, id) in specials {
      #expect(tok.id(for: name) == id.int)
      #expect(tok.token(for: id.int!) == name)
      #expect(tok.isSpecial(id.int!))
    }
    // tokenizer_config.json: eos "<|im_end|>", pad "<|endoftext|>"; generation_config: eos 2.
    #expect(tok.specials.eosTokenId == 2)
    #expect(tok.specials.eosTokenIds == [2])
    #expect(tok.specials.padTokenId == 0)
    #expect(tok.specials.bosTokenId == nil)
    #expect(tok.specials.modelMaxLength == 512)
    #expect(!tok.specials.addBosToken)
    #expect(tok.vocabSize == 512)
    #expect(tok.decode([1, 455, 201, 74, 75, 2], skipSpecial: true) == "user\nhi")
  }

  @Test func loadsFromFilePathAsFromDirectory() throws {
    let a = try Tokenizer(path: Fixtures.tiny)
    let b = try Tokenizer(path: Fixtures.tiny + "/tokenizer.json")
    #expect(a.encode("Zoey says hi") == b.encode("Zoey says hi"))
    #expect(a.specials == b.specials)
  }
}

@Suite struct AddedTokenOptionTests {
  /// lstrip / rstrip (Unicode whitespace), single_word and normalized added tokens against HF
  /// (Resources/added-options, made by make.py there).
  @Test func optionsMatchHF() throws {
    let dir = Fixtures.resources + "/added-options"
    let tok = try Tokenizer(path: dir)
    let lines = try JSONLReader.readAll(dir + "/reference.jsonl")
    #expect(lines.count == 9)
    for l in lines {
      let text = try #require(l["text"]?.string)
      // Exact: ids.
      #expect(tok.encode(text) == l["ids"]?.array?.compactMap(\.int), "\(text.debugDescription)")
    }
  }
}
