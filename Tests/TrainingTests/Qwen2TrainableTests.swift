// The SFT loop on the tiny HF-made Qwen2 fixture (../shared/fixtures/tiny-qwen2): the adapter's
// loss and gradient against the fixture's PyTorch reference, then learning, determinism and resume.
import JSON
import Model
import Testing
import Training
import TestSupport

private func fixtureTrainer(dir: String, name: String, resume: Bool = false, stopAfter: Int? = nil,
                            dtype: WeightDType = .f32) throws -> (SFTTrainer, TrainingRun, Qwen2Trainable, ResumeState?) {
  let traces = dir + "/traces.jsonl"
  if !FS.exists(traces) { try writeTraces(traces, count: 12, seed: 5) }
  let enc = ByteEncoder()  // ids < 258 fit the fixture's 512-row vocabulary
  let data = try SFTDataset(path: traces, encoder: enc, maxLength: 96)
  let (train, held) = data.split(heldOut: 2, seed: 1)
  let run = RunConfig(root: dir + "/runs", name: name, seed: 1, checkpointEvery: 2, keepCheckpoints: 3, progressInterval: 1e9)
  let optim = OptimConfig(schedule: LRSchedule(kind: .cosine, peak: 3e-3, warmupSteps: 1, minRatio: 0.1),
                          weightDecay: 0.01, maxGradNorm: 1.0)
  let tr = try TrainingRun(stage: .warmup, config: run, resolved: ["run": try JSON(encoding: run), "optim": try JSON(encoding: optim)])
  let resumed = try tr.begin(resume: resume)
  let model = try Qwen2Model.load(directory: resumed?.checkpoint ?? Fixtures.fixture("tiny-qwen2"), dtype: dtype)
  let trainable = Qwen2Trainable(model: model, optim: optim, tokenizerDirectory: nil)
  if let resumed { try trainable.loadOptimizer(from: tr.states.path(step: resumed.state.step)) }
  let opts = SFTOptions(epochs: 2, batchSize: 4, microBatchTokens: 160, optim: optim, evalEvery: 0, stage: .warmup, stopAfterStep: stopAfter)
  return (SFTTrainer(model: trainable, train: train, heldOut: held, options: opts, run: tr, pad: 0), tr, trainable, resumed?.state)
}

@Suite(.serialized) struct Qwen2TrainableTests {
  /// Loss and global gradient norm of the adapter on the fixture's `grad.ids` against PyTorch's.
  /// fp32 with different summation order: relative 1e-4 (the model's parity tolerance).
  @Test func lossAndGradMatchPyTorch() throws {
    let ref = try JSON.read(file: Fixtures.fixture("tiny-qwen2") + "/reference.json")
    let idList = ref["fp32"]?["grad"]?["ids"]?.array?.compactMap { $0.int }
    let ids = try #require(idList)
    let refLoss = try #require(ref["fp32"]?["grad"]?["loss"]?.double)
    let refNorm = try #require(ref["fp32"]?["grad"]?["total_norm"]?.double)
    let model = try Qwen2Model.load(directory: Fixtures.fixture("tiny-qwen2"))
    let t = Qwen2Trainable(model: model, optim: OptimConfig(), tokenizerDirectory: nil)
    let batch = WeightedBatch(sequences: [ids], weights: [[Float](repeating: 1, count: ids.count)], pad: 0)
    t.zeroGradients()
    let sum = try t.accumulateGradients(batch, scale: Float(1 / batch.weightSum))
    #expect(abs(sum / batch.weightSum - refLoss) <= 1e-4 * refLoss)
    #expect(abs(t.gradientNorm() - refNorm) <= 1e-4 * refNorm)
    let noGrad = try t.loss(batch)
    #expect(abs(noGrad - sum) <= 1e-6 * sum)
  }

  /// Two micro-batches accumulate the same gradient as one batch of both rows (fp32, different
  /// padding: abs 1e-6 + rel 1e-4 on the norm).
  @Test func accumulationEqualsOneBatch() throws {
    let enc = ByteEncoder()
    let a = SFTDataset.encode(prompt: "Q: 1+2=?", response: " 3 </answer>", encoder: enc, lossOn: .response)
    let b = SFTDataset.encode(prompt: "Q: 4+4=?", response: " eight, so 8", encoder: enc, lossOn: .response)
    let model = try Qwen2Model.load(directory: Fixtures.fixture("tiny-qwen2"))
    let t = Qwen2Trainable(model: model, optim: OptimConfig(), tokenizerDirectory: nil)
    let both = WeightedBatch(sequences: [a.ids, b.ids], weights: [a.weights, b.weights], pad: 0)
    let W = Float(both.weightSum)
    t.zeroGradients()
    let l1 = try t.accumulateGradients(both, scale: 1 / W)
    let n1 = t.gradientNorm()
    let g1 = model.parameters.map { $0.grad!.toArray() }
    t.zeroGradients()
    var l2 = try t.accumulateGradients(WeightedBatch(sequences: [a.ids], weights: [a.weights], pad: 0), scale: 1 / W)
    l2 += try t.accumulateGradients(WeightedBatch(sequences: [b.ids], weights: [b.weights], pad: 0), scale: 1 / W)
    #expect(abs(l1 - l2) <= 1e-5 * l1)
    #expect(abs(t.gradientNorm() - n1) <= 1e-6 + 1e-4 * n1)
    for (p, g) in zip(model.parameters, g1) {
      let d = zip(p.grad!.toArray(), g).map { abs($0 - $1) }.max()!
      #expect(d <= 1e-5, "gradient of \(p.name) differs by \(d)")
    }
  }

  @Test(arguments: [WeightDType.f32, .bf16])
  func learnsAndMovesEveryParameter(dtype: WeightDType) throws {
    let dir = tempDir("fx-learn")
    let (t, _, m, _) = try fixtureTrainer(dir: dir, name: "l", dtype: dtype)
    let before = m.parameterValues()
    let h0 = try t.heldOutLoss()
    let r = try t.train()
    #expect(r.steps == 6)
    #expect(r.losses.last! < r.losses.first!)
    #expect(r.heldOutLosses.last!.loss < h0)
    for (b, a) in zip(before, m.parameterValues()) { #expect(b.values != a.values, "\(b.name) did not change") }
    FS.remove(dir)
  }

  @Test func sameSeedSameBytesAndExactResume() throws {
    let dir = tempDir("fx-resume")
    let (full, fullRun, _, _) = try fixtureTrainer(dir: dir, name: "full")
    let ref = try full.train().losses
    let (again, againRun, _, _) = try fixtureTrainer(dir: dir, name: "again")
    let second = try again.train().losses
    #expect(second == ref)
    let weights = { (r: TrainingRun) in try FileBytes(path: r.checkpoints.latest! + "/model.safetensors").bytes }
    let wFull = try weights(fullRun), wAgain = try weights(againRun)
    #expect(wFull == wAgain)
    // Stopped after step 3 (last checkpoint: 2), resumed: the same loss at every step, same bytes.
    let (cut, _, _, _) = try fixtureTrainer(dir: dir, name: "cut", stopAfter: 3)
    let p1 = try cut.train().losses
    let (rest, cutRun, _, state) = try fixtureTrainer(dir: dir, name: "cut", resume: true)
    #expect(state?.step == 2)
    let p2 = try rest.train(resume: state).losses
    #expect(Array(p1.prefix(2)) + p2 == ref)
    let wCut = try weights(cutRun)
    #expect(wCut == wFull)
    FS.remove(dir)
  }
}
