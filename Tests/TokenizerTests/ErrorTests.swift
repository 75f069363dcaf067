// Bad tokenizer files give typed errors naming the file and the key.
import JSON
import Testing
@testable import Tokenizer

@Suite struct ErrorTests {
  /// A minimal valid byte-level BPE file: the 256-byte alphabet, one merge "Ġ t" -> "Ġt".
  static func minimal(merges: JSON = [["Ġ", "t"]], modelType: JSON = "BPE", vocab: JSON? = nil) -> JSON {
    var v = JSONObject()
    for (i, a) in ByteLevel.sortedAlphabet.enumerated() { v[a.token] = .int(i) }
    v["Ġt"] = 256
    var model = JSONObject(["type": modelType, "merges": merges])
    model["vocab"] = vocab ?? .object(v)
    return [
      "added_tokens": [["id": 257, "content": "<|end|>", "special": true]],
      "normalizer": nil,
      "pre_tokenizer": ["type": "Sequence", "pretokenizers": [
        ["type": "Split", "pattern": ["Regex": .string(PreTokenizerKind.qwen2Pattern)], "behavior": "Isolated", "invert": false],
        ["type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false, "use_regex": false],
      ]],
      "decoder": ["type": "ByteLevel"],
      "model": .object(model),
    ]
  }

  @Test func minimalFileWorks() throws {
    let t = try Tokenizer(tokenizerJSON: Self.minimal(), source: "mini.json")
    #expect(t.vocabSize == 258)
    let ids = t.encode(" t<|end|>")
    #expect(ids == [256, 257])
    #expect(t.decode(ids) == " t<|end|>")
  }

  /// Without a normalizer, "e\u{301}" and "é" are different bytes and must not share a cache
  /// entry (Swift String equality would call them equal).
  @Test func wordCacheComparesBytesNotCanonicalEquivalence() throws {
    let t = try Tokenizer(tokenizerJSON: Self.minimal(), source: "mini.json")
    let decomposed = t.encode("e\u{301}")
    let composed = t.encode("\u{E9}")
    #expect(decomposed.count == 3 && composed.count == 2)
    #expect(t.encode("e\u{301}") == decomposed)
    #expect(t.decode(composed).unicodeScalars.count == 1 && t.decode(decomposed).unicodeScalars.count == 2)
  }

  @Test func otherModelTypesAreRefused() {
    for type in ["WordPiece", "Unigram", "WordLevel"] {
      #expect(throws: TokenizerError.unsupportedModelType(file: "x/tokenizer.json", type: type)) {
        try Tokenizer(tokenizerJSON: Self.minimal(modelType: .string(type)), source: "x/tokenizer.json")
      }
    }
    let e = TokenizerError.unsupportedModelType(file: "x/tokenizer.json", type: "Unigram")
    #expect(e.description.contains("x/tokenizer.json") && e.description.contains("model.type") && e.description.contains("Unigram"))
  }

  @Test func missingVocabIsNamed() {
    var j = Self.minimal()
    if case .object(var root) = j, case .object(var m)? = root["model"] {
      m["vocab"] = nil; root["model"] = .object(m); j = .object(root)
    }
    #expect(throws: TokenizerError.missingKey(file: "f.json", key: "model.vocab", expected: "an object of token -> id")) {
      try Tokenizer(tokenizerJSON: j, source: "f.json")
    }
  }

  @Test func mergeWithUnknownTokenIsNamed() {
    #expect(throws: TokenizerError.unknownMergeToken(file: "f.json", key: "model.merges[1]", token: "zz")) {
      try Tokenizer(tokenizerJSON: Self.minimal(merges: ["Ġ t", "zz t"]), source: "f.json")
    }
    // Both parts known, their concatenation not in the vocabulary.
    #expect(throws: TokenizerError.unknownMergeToken(file: "f.json", key: "model.merges[0]", token: "ab")) {
      try Tokenizer(tokenizerJSON: Self.minimal(merges: [["a", "b"]]), source: "f.json")
    }
    #expect(throws: TokenizerError.self) {
      try Tokenizer(tokenizerJSON: Self.minimal(merges: ["Ġt"]), source: "f.json")
    }
  }

  @Test func unsupportedPipelinePiecesAreNamed() throws {
    guard case .object(var root) = Self.minimal() else { return }
    root["normalizer"] = ["type": "Lowercase"]
    #expect(throws: TokenizerError.self) { try Tokenizer(tokenizerJSON: .object(root), source: "f.json") }
    root["normalizer"] = nil
    root["pre_tokenizer"] = ["type": "Whitespace"]
    do {
      _ = try Tokenizer(tokenizerJSON: .object(root), source: "f.json")
      Issue.record("expected an error")
    } catch let e as TokenizerError {
      #expect(e.description.hasPrefix("f.json: at pre_tokenizer"))
    }
  }

  @Test func missingFileAndBadJSONNameTheFile() {
    #expect(throws: JSONError.self) { try Tokenizer(path: "/nonexistent/tokenizer.json") }
  }

  @Test func unknownIdsAreSkippedByDecodeAndReportedByValidate() throws {
    let t = try Tokenizer(tokenizerJSON: Self.minimal(), source: "mini.json")
    #expect(t.decode([256, 9999, -1]) == " t")
    #expect(throws: TokenizerError.unknownId(9999, vocabSize: 258)) { try t.validate(ids: [256, 9999]) }
  }
}
