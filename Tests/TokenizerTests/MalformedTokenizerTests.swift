// Malformed tokenizer files: ids that would size arrays beyond reason, duplicate ids, special ids
// outside the vocabulary. Each is a TokenizerError naming the file and key, raised before any
// id-sized allocation.
import JSON
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Tokenizer

@Suite struct MalformedTokenizerTests {
  static func withVocabId(_ id: JSON, token: String = "Ġt") -> JSON {
    guard case .object(var root) = ErrorTests.minimal(), case .object(var model) = root["model"]!,
          case .object(var vocab) = model["vocab"]! else { return .null }
    vocab[token] = id
    model["vocab"] = .object(vocab)
    root["model"] = .object(model)
    return .object(root)
  }

  static func withAddedId(_ id: JSON) -> JSON {
    guard case .object(var root) = ErrorTests.minimal() else { return .null }
    root["added_tokens"] = [["id": id, "content": "<|end|>", "special": true]]
    return .object(root)
  }

  func message(_ body: () throws -> Tokenizer) -> String? {
    do { _ = try body(); return nil } catch { return "\(error)" }
  }

  /// id 2,000,000,000 used to size two arrays of 2e9 entries (an allocator abort).
  @Test(arguments: [2_000_000_000, Int(Int32.max) - 1, 1 << 22])
  func hugeVocabIdIsRefused(id: Int) {
    let m = message { try Tokenizer(tokenizerJSON: Self.withVocabId(.int(id)), source: "big.json") }
    #expect(m?.contains("big.json: at model.vocab.Ġt: id \(id) is outside 0..<4194304") == true, "\(m ?? "accepted")")
  }

  @Test func negativeOrFractionalVocabIdIsRefused() {
    for id: JSON in [-1, 1.5, "7"] {
      let m = message { try Tokenizer(tokenizerJSON: Self.withVocabId(id), source: "neg.json") }
      #expect(m?.hasPrefix("neg.json: at model.vocab.Ġt:") == true, "\(id): \(m ?? "accepted")")
    }
  }

  @Test func duplicateVocabIdIsRefused() {
    let m = message { try Tokenizer(tokenizerJSON: Self.withVocabId(5), source: "dup.json") }
    #expect(m?.contains("dup.json: at model.vocab.Ġt: id 5 is also the id of") == true, "\(m ?? "accepted")")
  }

  /// An added-token id of 2^63 - 1 made vocabSize overflow (max id + 1).
  @Test(arguments: [Int.max, 1 << 40, 1 << 22])
  func hugeAddedTokenIdIsRefused(id: Int) {
    let m = message { try Tokenizer(tokenizerJSON: Self.withAddedId(.int(id)), source: "added.json") }
    #expect(m == "added.json: at added_tokens[0].id: id \(id) is outside 0..<4194304 (limit Tokenizer.maxVocabSize)", "\(m ?? "accepted")")
  }

  @Test func generationConfigIdsOutsideTheVocabularyAreRefused() {
    for (key, value): (String, JSON) in [("eos_token_id", 1_000_000), ("eos_token_id", [2, -3]), ("pad_token_id", 258), ("bos_token_id", 9999)] {
      let m = message {
        try Tokenizer(tokenizerJSON: ErrorTests.minimal(), source: "t.json", generationConfig: .object(JSONObject(pairs: [(key, value)])),
                      directory: "dir")
      }
      #expect(m?.hasPrefix("dir/generation_config.json: at \(key): token id") == true, "\(key)=\(value): \(m ?? "accepted")")
    }
    // In range: accepted.
    #expect(message { try Tokenizer(tokenizerJSON: ErrorTests.minimal(), source: "t.json", generationConfig: ["eos_token_id": 257]) } == nil)
  }

  /// A folder whose tokenizer.json is itself a folder: one error naming it, not a read loop.
  @Test func directoryAsTokenizerFileIsAnError() {
    let dir = "/tmp/warmrl-tok-dir-\(getpid())"
    mkdir(dir, 0o755); mkdir(dir + "/tokenizer.json", 0o755)
    defer { rmdir(dir + "/tokenizer.json"); rmdir(dir) }
    let m = message { try Tokenizer(path: dir) }
    #expect(m == "\(dir)/tokenizer.json: is a directory, expected a file", "\(m ?? "accepted")")
  }
}
