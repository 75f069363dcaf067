// The optimizer step every stage shares (pretrain, warmup, RLVR): once a stage has accumulated the
// gradient of its loss for one step (any number of micro-batches, any loss written on
// `TrainableModel`'s token-score API), `applyUpdate` runs the NaN/Inf guards, the global-norm clip,
// the scheduled learning rate and the AdamW update; `checkpointIfDue` saves on the configured cadence
// and at the end.
import Kernels

/// What one update did (for the metrics row and the progress line).
public struct UpdateInfo: Sendable, Equatable {
  public var lr: Double
  /// Global L2 norm of the gradient before clipping.
  public var gradNorm: Double
  /// Factor the gradient was multiplied by (1 when not clipped).
  public var clipScale: Float
}

extension TrainingRun {
  /// Guards `loss` and the gradient norm (throwing `TrainingError.nonFinite` that names optimizer step
  /// `step + 1` and the last good checkpoint, before anything is changed), clips, and steps the
  /// optimizer at the schedule's rate for 0-based step `step` of `total`.
  public func applyUpdate(model: TrainableModel, optim: OptimConfig, loss: Double, step: Int, total: Int) throws -> UpdateInfo {
    try guardFinite(loss, step: step + 1, what: "training loss")
    let norm = model.gradientNorm()
    try guardFinite(norm, step: step + 1, what: "gradient norm")
    let lr = optim.schedule.rate(step: step, total: total)
    let scale = GradClip.coefficient(norm: norm, maxNorm: optim.maxGradNorm)
    model.optimizerStep(lr: lr, gradScale: scale)
    return UpdateInfo(lr: lr, gradNorm: norm, clipScale: scale)
  }

  /// Saves a checkpoint and the resume state when `state.step` is a multiple of `checkpointEvery`
  /// or the last step (`total`); returns its path, or nil when none was due.
  @discardableResult
  public func checkpointIfDue(model: TrainableModel, state: ResumeState, stage: Stage, total: Int) throws -> String? {
    guard state.step % config.checkpointEvery == 0 || state.step == total else { return nil }
    return try saveCheckpoint(model: model, state: state, stage: stage)
  }
}
