// A checkpoint directory opened for use: the model and, when the directory has tokenizer files, its
// tokenizer. A directory without tokenizer files still loads and works on ids.
import JSON
import Tokenizer

public struct ModelBundle {
  public let directory: String
  public let model: Qwen2Model
  public let tokenizer: Tokenizer?

  /// Loads `dir`; `dtype` nil keeps the checkpoint's. Refuses a checkpoint whose vocab_size is smaller
  /// than its tokenizer's vocabulary (ids the embedding could not hold).
  public static func load(directory dir: String, dtype: WeightDType? = nil) throws -> ModelBundle {
    let model = try Qwen2Model.load(directory: dir, dtype: dtype)
    var tok: Tokenizer?
    if FS.exists(dir + "/tokenizer.json") {
      tok = try Tokenizer(path: dir)
      try checkVocab(model.config, tok!, directory: dir)
    }
    return ModelBundle(directory: dir, model: model, tokenizer: tok)
  }

  public static func checkVocab(_ config: Qwen2Config, _ tokenizer: Tokenizer, directory dir: String) throws {
    if config.vocabSize < tokenizer.vocabSize {
      throw ModelError(.vocabMismatch, file: dir + "/config.json", item: "vocab_size",
                       "config vocab_size \(config.vocabSize) is smaller than the tokenizer's vocabulary of \(tokenizer.vocabSize) tokens")
    }
  }

  /// EOS ids: the config's, else the tokenizer's.
  public var eosTokenIds: [Int] {
    if !model.config.eosTokenIds.isEmpty { return model.config.eosTokenIds }
    return tokenizer?.specials.eosTokenIds ?? []
  }
}
