// Errors of a training run. Each names what went wrong and where (step, file, key, numbers).

public enum TrainingError: Error, CustomStringConvertible, Equatable {
  /// A loss or gradient norm was NaN or infinite; the run stops and keeps its last good checkpoint.
  case nonFinite(step: Int, what: String, value: Double, lastGoodCheckpoint: String?)
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

