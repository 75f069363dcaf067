// Errors of evaluation setup that are not about one line of a records file (those are JSONError).

public enum EvalError: Error, CustomStringConvertible, Equatable {
  /// The model's embedding has fewer rows than the tokenizer has ids.
  case vocabMismatch(modelDir: String, modelVocab: Int, tokenizerVocab: Int)
  /// A prompt longer than the model can attend to.
  case promptTooLong(source: String, line: Int, tokens: Int, limit: Int)
  /// A setting out of range or unknown (the message names the flag and the valid values).
  case invalidSetting(String)

  public var description: String {
    switch self {
    case let .vocabMismatch(dir, m, t):
      return "\(dir): the model's vocab_size is \(m) (config.json) but its tokenizer has \(t) ids (tokenizer.json): every token id must have an embedding row, so vocab_size must be >= \(t)"
    case let .promptTooLong(source, line, tokens, limit):
      return "\(source):\(line): the prompt is \(tokens) tokens, the model's limit is \(limit)"
    case let .invalidSetting(message):
      return message
    }
  }
}
