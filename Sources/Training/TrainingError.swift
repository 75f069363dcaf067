// Errors of a training run. Each names what went wrong and where (step, file, key, numbers).

public enum TrainingError: Error, CustomStringConvertible, Equatable {
  /// A loss or gradient norm was NaN or infinite; the run stops and keeps its last good checkpoint.
  case nonFinite(step: Int, what: String, value: Double, lastGoodCheckpoint: String?)
  /// The checkpoint's vocabulary does not match the tokenizer's.
  case vocabMismatch(checkpoint: String, modelVocab: Int, tokenizerVocab: Int)
  /// A configuration value is out of range (message names the key).
  case badConfig(String)
  /// A file or folder operation failed.
  case io(path: String, message: String)
  /// `--resume` was asked but there is nothing to resume, or the saved state does not fit.
  case cannotResume(String)

  public var description: String {
    switch self {
    case let .nonFinite(step, what, value, last):
      return "step \(step): \(what) is \(value); stopping. Last good checkpoint: \(last ?? "none (no checkpoint written yet)")"
    case let .vocabMismatch(ckpt, m, t):
      return "\(ckpt): model vocab_size \(m) does not fit the tokenizer's vocabulary of \(t) tokens (need vocab_size >= \(t))"
    case let .badConfig(m): return "config: \(m)"
    case let .io(path, m): return "\(path): \(m)"
    case let .cannotResume(m): return "cannot resume: \(m)"
    }
  }
}

/// The NaN/Inf guard: throws `nonFinite` naming the step when `value` is not finite.
public func checkFinite(_ value: Double, step: Int, what: String, lastGood: String?) throws {
  if !value.isFinite {
    throw TrainingError.nonFinite(step: step, what: what, value: value, lastGoodCheckpoint: lastGood)
  }
}

/// Refuses a checkpoint whose `vocab_size` cannot hold every id of its tokenizer (a larger,
/// padded vocab_size is fine: Qwen2 pads its embedding table).
public func checkVocab(modelVocab: Int, tokenizerVocab: Int, checkpoint: String) throws {
  if modelVocab < tokenizerVocab {
    throw TrainingError.vocabMismatch(checkpoint: checkpoint, modelVocab: modelVocab, tokenizerVocab: tokenizerVocab)
  }
}
