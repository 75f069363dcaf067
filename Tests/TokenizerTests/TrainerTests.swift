// The BPE trainer against HF tokenizers' BpeTrainer on the same corpus (exact merges), the files
// it writes (HF loads them and gives our ids: probes in trainer_reference.json), determinism.
import JSON
import Testing
import TestSupport
@testable import Tokenizer
#if canImport(Glibc)
import Glibc
#endif

@Suite struct TrainerTests {
  static let reference = try? JSON.read(file: Fixtures.resources + "/trainer_reference.json")
  static func corpus() throws -> [String] {
    var texts: [String] = []
    try TrainingCorpus.forEachText(files: [Fixtures.resources + "/trainer_corpus.jsonl"], fields: ["text"]) { texts.append($0) }
    return texts
  }
  static func trained() throws -> Tokenizer {
    let ref = try #require(reference)
    return try Tokenizer.train(corpus: corpus(), vocabSize: ref["vocab_size"]!.int!,
                               specialTokens: ref["special_tokens"]!.array!.map { $0.string! },
                               minFrequency: ref["min_frequency"]!.int!)
  }

  @Test func mergesEqualHFBpeTrainer() throws {
    let ref = try #require(Self.reference)
    let hf = try #require(ref["merges"]?.array).map { "\($0[0]!.string!) \($0[1]!.string!)" }
    let tok = try Self.trained()
    let ours = tok.model.mergeList.map { "\(tok.model.idToToken[Int($0.0)]) \(tok.model.idToToken[Int($0.1)])" }
    #expect(ours.count == hf.count)
    // Exact, in order: the same counts and the same tie-breaking give the same merge sequence.
    let firstDiff = zip(ours, hf).enumerated().first { $0.element.0 != $0.element.1 }
    #expect(firstDiff == nil, "first difference at merge \(firstDiff?.offset ?? -1): ours \(firstDiff?.element.0 ?? "") hf \(firstDiff?.element.1 ?? "")")
    #expect(tok.vocabSize == ref["vocab_size"]?.int)
    // Specials take the last ids, in the order given.
    #expect(tok.id(for: "<|endoftext|>") == 697 && tok.id(for: "<|im_start|>") == 698 && tok.id(for: "<|im_end|>") == 699)
    #expect(tok.specials.eosTokenId == 699 && tok.specials.padTokenId == 697)
    // Special tokens in the corpus were cut out before counting, never learnt as text.
    #expect(!tok.model.idToToken.contains { $0.contains("im_") })
  }

  @Test func savedFilesReloadAndMatchHFOnOurFile() throws {
    let tok = try Self.trained()
    let dir = tempDir("tok")
    defer {
      for f in ["tokenizer.json", "tokenizer_config.json"] { unlink(dir + "/" + f) }
      rmdir(dir)
    }
    try tok.save(directory: dir, modelMaxLength: 4096)
    let back = try Tokenizer(path: dir)
    #expect(back.vocabSize == tok.vocabSize)
    #expect(back.specials.eosTokenId == 699 && back.specials.padTokenId == 697 && back.specials.modelMaxLength == 4096)
    let probes = try #require(Self.reference?["probes"]?.array)
    #expect(probes.count >= 8)
    for p in probes {
      let text = p["text"]!.string!
      let hfIds = p["ids"]!.array!.map { $0.int! }
      // Exact: HF loading our tokenizer.json gave these ids.
      #expect(back.encode(text) == hfIds, "\(text.debugDescription)")
      #expect(tok.encode(text) == hfIds)
      #expect(back.decode(hfIds) == text)
    }
  }

  @Test func trainingIsDeterministicToTheByte() throws {
    let a = try Self.trained().tokenizerJSON().serialized()
    let b = try Self.trained().tokenizerJSON().serialized()
    #expect(a == b)
  }

  @Test func badRequestsAreRefused() throws {
    #expect(throws: TokenizerError.self) { try Tokenizer.train(corpus: ["abc"], vocabSize: 100) }
    #expect(throws: TokenizerError.self) { try Tokenizer.train(corpus: ["abc"], vocabSize: 300, specialTokens: ["<a>", "<a>"]) }
    // A corpus too small for the size asked stops early instead of inventing merges.
    let t = try Tokenizer.train(corpus: ["abab abab"], vocabSize: 1000, minFrequency: 1)
    #expect(t.vocabSize < 1000)
    #expect(t.encode("abab abab") == t.encode("abab abab"))
    #expect(t.decode(t.encode("abab abab")) == "abab abab")
  }

  @Test func recordWithoutTheFieldNamesFileAndLine() throws {
    do {
      try TrainingCorpus.forEachText(files: [Fixtures.resources + "/trainer_corpus.jsonl"], fields: ["quiz"]) { _ in }
      Issue.record("expected an error")
    } catch let e as JSONError {
      #expect(e.line == 1 && e.source.hasSuffix("trainer_corpus.jsonl") && e.message.contains("quiz"))
    }
  }
}
