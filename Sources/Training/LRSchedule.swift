// Learning-rate schedules shared by warmup and RLVR. The paper's warmup uses a constant rate after
// a linear warmup; cosine decays to a floor so the last steps still learn.

/// The shape of the learning rate over a run.
public enum LRScheduleKind: String, Codable, Sendable, CaseIterable {
  /// Linear warmup from 0, then constant (the warmup paper's setting).
  case constant
  /// Linear warmup from 0, then cosine decay to `minRatio * peak`.
  case cosine
}

public struct LRSchedule: Codable, Sendable, Equatable {
  public var kind: LRScheduleKind
  /// Peak learning rate.
  public var peak: Double
  /// Steps of linear warmup (0 = start at the peak).
  public var warmupSteps: Int
  /// Cosine floor as a fraction of the peak (ignored for `constant`).
  public var minRatio: Double

  public init(kind: LRScheduleKind = .constant, peak: Double = 1e-4, warmupSteps: Int = 0, minRatio: Double = 0.1) {
    self.kind = kind; self.peak = peak; self.warmupSteps = warmupSteps; self.minRatio = minRatio
  }

  /// Learning rate for 0-based optimizer step `step` of `total` steps.
  public func rate(step: Int, total: Int) -> Double {
    precondition(step >= 0 && total > 0, "LRSchedule.rate: step \(step), total \(total)")
    // (step + 1) so that the very first update is not a wasted zero-rate step.
    if step < warmupSteps { return peak * Double(step + 1) / Double(warmupSteps + 1) }
    switch kind {
    case .constant:
      return peak
    case .cosine:
      let span = max(total - warmupSteps - 1, 1)
      let t = min(Double(step - warmupSteps) / Double(span), 1)
      let floor = peak * minRatio
      return floor + (peak - floor) * 0.5 * (1 + _cos(Double.pi * t))
    }
  }

  /// Checks the values; the message names the config key.
  public func validate(prefix: String) throws {
    if !(peak > 0 && peak <= 10) { throw TrainingError.badConfig("\(prefix).peak must be in (0, 10], got \(peak)") }
    if warmupSteps < 0 || warmupSteps > 1 << 30 { throw TrainingError.badConfig("\(prefix).warmupSteps must be in 0...\(1 << 30), got \(warmupSteps)") }
    if !(minRatio >= 0 && minRatio <= 1) { throw TrainingError.badConfig("\(prefix).minRatio must be in [0, 1], got \(minRatio)") }
  }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#else
import Darwin
@inline(__always) func _cos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
