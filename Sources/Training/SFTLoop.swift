// In Training, not Warmup: pretraining (Sources/Pretrain) and warmup both train through it, and stages are siblings.
// The SFT loop shared by pretraining (loss on every token) and warmup (loss on response tokens):
// per optimizer step, micro-batches accumulate gradients of the token-mean loss over the whole
// step; the NaN/Inf guard runs before the update; global-norm clipping; AdamW at the scheduled
// rate; metrics every step; checkpoints and resume state every N steps and at the end; held-out
// loss and an optional periodic evaluation hook.
import JSON
import Seeded

public struct SFTOptions: Sendable {
  public var epochs: Int
  public var batchSize: Int
  public var microBatchTokens: Int
  public var optim: OptimConfig
  /// Held-out loss (and the `periodic` hook) every N steps and at the end (0 = only at the end).
  public var evalEvery: Int
  public var stage: Stage
  /// Test hook: stop (as if killed) after this many steps, before anything else of that step is saved.
  public var stopAfterStep: Int?

  public init(epochs: Int, batchSize: Int, microBatchTokens: Int, optim: OptimConfig, evalEvery: Int,
              stage: Stage, stopAfterStep: Int? = nil) {
    self.epochs = epochs; self.batchSize = batchSize; self.microBatchTokens = microBatchTokens
    self.optim = optim; self.evalEvery = evalEvery; self.stage = stage; self.stopAfterStep = stopAfterStep
  }
}

public struct SFTResult: Sendable {
  public var steps: Int
  public var losses: [Double]
  public var heldOutLosses: [(step: Int, loss: Double)]
  public var tokens: Int
  public var seconds: Double
  public var lastCheckpoint: String?
  public var tokensPerSecond: Double { seconds > 0 ? Double(tokens) / seconds : 0 }
}

public final class SFTTrainer {
  public let model: TrainableModel
  public let run: TrainingRun
  public let options: SFTOptions
  public var batches: SFTBatches
  public let heldOut: [SFTExample]
  /// Called at each evaluation point with the step; returns extra metrics (e.g. K&K accuracy).
  public var periodic: ((Int) throws -> JSONObject)?
  public var progressLabel: String

  public init(model: TrainableModel, train: SFTDataset, heldOut: SFTDataset?, options: SFTOptions,
              run: TrainingRun, pad: Int) {
    self.model = model; self.run = run; self.options = options
    batches = SFTBatches(examples: train.examples, batchSize: options.batchSize,
                         microBatchTokens: options.microBatchTokens, seed: run.config.seed, pad: pad)
    self.heldOut = heldOut?.examples ?? []
    progressLabel = options.stage.rawValue
  }

  public var totalSteps: Int { options.epochs * batches.stepsPerEpoch }

  /// Mean held-out loss per weighted token.
  public func heldOutLoss() throws -> Double {
    guard !heldOut.isEmpty else { return .nan }
    var sum = 0.0, w = 0.0
    for mb in SFTBatches.bucket(heldOut, microBatchTokens: options.microBatchTokens, pad: batches.pad) {
      sum += try model.loss(mb)
      w += mb.weightSum
    }
    return sum / max(w, 1)
  }

  /// Runs to the end (or from `resume`). Throws `TrainingError.nonFinite` on a NaN/Inf loss or norm.
  public func train(resume: ResumeState? = nil) throws -> SFTResult {
    let total = totalSteps
    var state = resume ?? ResumeState(step: 0, epoch: 0, stepInEpoch: 0, rng: SeededRNG(seed: run.config.seed),
                                      tokensSeen: 0, configHash: run.configHash)
    let progress = ProgressLine(label: progressLabel, total: total, interval: run.config.progressInterval)
    var result = SFTResult(steps: 0, losses: [], heldOutLosses: [], tokens: 0, seconds: 0, lastCheckpoint: nil)
    let t0 = FS.now()
    while state.step < total {
      let ts = FS.now()
      let mbs = batches.microBatches(epoch: state.epoch, step: state.stepInEpoch)
      let weight = mbs.reduce(0.0) { $0 + $1.weightSum }
      let tokens = mbs.reduce(0) { $0 + $1.tokenCount }
      model.zeroGradients()
      var lossSum = 0.0
      // Scale 1/W makes the accumulated gradient that of the step's token-mean loss.
      let scale = Float(1 / max(weight, 1))
      for mb in mbs { lossSum += try model.accumulateGradients(mb, scale: scale) }
      let loss = lossSum / max(weight, 1)
      let upd = try run.applyUpdate(model: model, optim: options.optim, loss: loss, step: state.step, total: total)
      let lr = upd.lr, norm = upd.gradNorm

      state.step += 1
      state.tokensSeen += tokens
      state.stepInEpoch += 1
      if state.stepInEpoch == batches.stepsPerEpoch { state.epoch += 1; state.stepInEpoch = 0 }
      let dt = FS.now() - ts
      result.steps += 1; result.losses.append(loss); result.tokens += tokens
      run.log(["step": .int(state.step), "epoch": .int(state.epoch), "loss": .double(loss), "lr": .double(lr),
               "grad_norm": .double(norm), "tokens": .int(tokens), "loss_tokens": .int(Int(weight)),
               "tokens_per_s": .double(Double(tokens) / max(dt, 1e-9))])
      progress.update(step: state.step, tokens: tokens,
                      fields: [("loss", fmt(loss, 4)), ("lr", sci(lr, 2)), ("gnorm", fmt(norm, 3))])
      if let stop = options.stopAfterStep, state.step >= stop { break }

      let atEnd = state.step == total
      if options.evalEvery > 0 && state.step % options.evalEvery == 0 || atEnd {
        var row = JSONObject()
        row["step"] = .int(state.step)
        if !heldOut.isEmpty {
          let h = try heldOutLoss()
          try run.guardFinite(h, step: state.step, what: "held-out loss")
          row["held_out_loss"] = .double(h)
          result.heldOutLosses.append((state.step, h))
        }
        if let periodic { for (k, v) in try periodic(state.step) { row[k] = v } }
        if row.count > 1 { run.log(.object(row)) }
      }
      if let path = try run.checkpointIfDue(model: model, state: state, stage: options.stage, total: total) {
        result.lastCheckpoint = path
      }
    }
    result.seconds = FS.now() - t0
    return result
  }
}
