// Typed errors for tokenizer files and inputs. Each names the file and the key (or id) at fault
// and says what was expected, so a bad download is diagnosed from the message alone.

public enum TokenizerError: Error, CustomStringConvertible, Sendable, Equatable {
  /// `model.type` is not BPE (WordPiece, Unigram, WordLevel...).
  case unsupportedModelType(file: String, type: String)
  /// A required key is absent or has the wrong kind.
  case missingKey(file: String, key: String, expected: String)
  /// A merge names a token (or produces one) that is not in `model.vocab`.
  case unknownMergeToken(file: String, key: String, token: String)
  /// A pipeline stage (normalizer, pre-tokenizer, decoder, model option) we do not implement.
  case unsupportedComponent(file: String, key: String, detail: String)
  /// Any other malformed value, with what was expected.
  case invalid(file: String, key: String, message: String)
  /// A token id outside the vocabulary.
  case unknownId(Int, vocabSize: Int)
  /// A training request that cannot be met.
  case training(String)

  public var description: String {
    switch self {
    case .unsupportedModelType(let f, let t):
      return "\(f): at model.type: tokenizer model type \"\(t)\" is not supported (expected \"BPE\", byte-level)"
    case .missingKey(let f, let k, let e):
      return "\(f): at \(k): missing or wrong kind (expected \(e))"
    case .unknownMergeToken(let f, let k, let t):
      return "\(f): at \(k): merge names token \"\(t)\" that is not in model.vocab"
    case .unsupportedComponent(let f, let k, let d):
      return "\(f): at \(k): unsupported: \(d)"
    case .invalid(let f, let k, let m):
      return "\(f): at \(k): \(m)"
    case .unknownId(let id, let n):
      return "token id \(id) is not in the vocabulary (valid ids are 0..<\(n))"
    case .training(let m):
      return "tokenizer training: \(m)"
    }
  }
}
