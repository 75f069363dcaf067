import JSON
import Testing
import Training
import TestSupport

/// A tiny run on the bigram stand-in: 24 traces less 4 held out, batch 4 (5 steps per epoch), 2 epochs;
/// checkpoints at steps 3, 6, 9 and 10.
private func makeTrainer(dir: String, name: String = "t", seed: UInt64 = 3, resume: Bool = false,
                         stopAfter: Int? = nil, nanFrom: Int? = nil, model: BigramModel? = nil)
  throws -> (SFTTrainer, TrainingRun, BigramModel, ResumeState?) {
  let traces = dir + "/traces.jsonl"
  if !FS.exists(traces) { try writeTraces(traces, count: 24, seed: 11) }
  let enc = ByteEncoder()
  let data = try SFTDataset(path: traces, encoder: enc, maxLength: 128)
  let (train, held) = data.split(heldOut: 4, seed: seed)
  let run = RunConfig(root: dir + "/runs", name: name, seed: seed, checkpointEvery: 3, keepCheckpoints: 2, progressInterval: 1e9)
  let optim = OptimConfig(schedule: LRSchedule(kind: .constant, peak: 0.05, warmupSteps: 2), maxGradNorm: 1.0)
  let resolved: JSON = ["run": try JSON(encoding: run), "optim": try JSON(encoding: optim)]
  let tr = try TrainingRun(stage: .warmup, config: run, resolved: resolved)
  let resumed = try tr.begin(resume: resume)
  let m: BigramModel
  if let resumed {
    m = try BigramModel.load(from: resumed.checkpoint)
    try m.loadOptimizer(from: tr.states.path(step: resumed.state.step))
  } else {
    m = model ?? BigramModel(vocab: enc.vocabSize, seed: seed)
  }
  m.nanFromStep = nanFrom
  let opts = SFTOptions(epochs: 2, batchSize: 4, microBatchTokens: 120, optim: optim, evalEvery: 4,
                        stage: .warmup, stopAfterStep: stopAfter)
  let t = SFTTrainer(model: m, train: train, heldOut: held, options: opts, run: tr, pad: enc.padTokenId)
  return (t, tr, m, resumed?.state)
}

@Suite struct SFTDataTests {
  @Test func lossOnResponseOnly() {
    let ex = SFTDataset.encode(prompt: "ab", response: "cd", encoder: ByteEncoder(), lossOn: .response)
    #expect(ex.ids == [97, 98, 99, 100, 256])
    #expect(ex.weights == [0, 0, 1, 1, 1])
    let all = SFTDataset.encode(prompt: "ab", response: "cd", encoder: ByteEncoder(), lossOn: .all)
    #expect(all.weights == [0, 1, 1, 1, 1])
  }

  @Test func malformedLinesStopOrSkip() throws {
    let dir = tempDir("bad")
    let p = dir + "/traces.jsonl"
    try writeTraces(p, count: 5, seed: 1, extraLines: ["{not json", "{\"prompt\": \"x\"}", "{\"prompt\": 1, \"response\": \"y\"}"])
    do {
      _ = try SFTDataset(path: p, encoder: ByteEncoder(), maxLength: 100, onBadLine: .stop)
      Issue.record("a malformed line was accepted")
    } catch let e as JSONError {
      #expect(e.source == p && e.line == 4)  // the first bad line follows the third record
    }
    var reports: [String] = []
    let d = try SFTDataset(path: p, encoder: ByteEncoder(), maxLength: 100, onBadLine: .skip, report: { reports.append($0) })
    #expect(d.examples.count == 5 && d.skippedLines == 3)
    #expect(reports.count == 3 && reports[1].contains(":5:") && reports[1].contains("response"))
    FS.remove(dir)
  }

  @Test func peopleFilterKeepsListedCounts() throws {
    let dir = tempDir("people")
    let p = dir + "/traces.jsonl"
    var text = ""
    for (i, n) in [3, 4, 5, 6, 3].enumerated() {
      text += JSON.object(JSONObject(pairs: [("prompt", .string("q\(i)")), ("response", "r"), ("people", .int(n))])).serialized() + "\n"
    }
    text += "{\"prompt\": \"no count\", \"response\": \"kept\"}\n"
    try AtomicFile.write(text, to: p)
    let d = try SFTDataset(path: p, encoder: ByteEncoder(), maxLength: 100, people: [3, 5])
    #expect(d.examples.map(\.line) == [1, 3, 5, 6] && d.filtered == 2)
    FS.remove(dir)
  }

  @Test func tooLongTruncatesOrDrops() throws {
    let dir = tempDir("long")
    let p = dir + "/traces.jsonl"
    try writeTraces(p, count: 6, seed: 2)
    let t = try SFTDataset(path: p, encoder: ByteEncoder(), maxLength: 30, tooLong: .truncate)
    #expect(t.examples.allSatisfy { $0.count <= 30 } && t.truncated == 6)
    #expect(throws: JSONError.self) { try SFTDataset(path: p, encoder: ByteEncoder(), maxLength: 30, tooLong: .drop) }
    FS.remove(dir)
  }

  @Test func batchesCoverEveryExampleOncePerEpoch() throws {
    let exs = (0..<10).map { i in SFTExample(ids: Array(0..<(i + 2)), weights: [0] + [Float](repeating: 1, count: i + 1), line: i + 1) }
    var b = SFTBatches(examples: exs, batchSize: 4, microBatchTokens: 16, seed: 5, pad: 99)
    #expect(b.stepsPerEpoch == 3)
    for epoch in 0..<2 {
      var seen: [Int] = []
      for s in 0..<3 {
        seen += b.indices(epoch: epoch, step: s)
        for mb in b.microBatches(epoch: epoch, step: s) {
          // Within the token budget unless a single row is longer than it.
          #expect(mb.rows * mb.length <= 16 || mb.rows == 1)
        }
      }
      #expect(seen.sorted() == Array(0..<10))
    }
    var b2 = SFTBatches(examples: exs, batchSize: 4, microBatchTokens: 16, seed: 5, pad: 99)
    #expect(b2.indices(epoch: 1, step: 2) == b.indices(epoch: 1, step: 2))
    #expect(b.indices(epoch: 0, step: 0) != b.indices(epoch: 1, step: 0) || b.indices(epoch: 0, step: 1) != b.indices(epoch: 1, step: 1))
  }
}

@Suite struct SFTLoopTests {
  @Test func lossFallsAndEveryParameterMoves() throws {
    let dir = tempDir("learn")
    let (t, _, m, _) = try makeTrainer(dir: dir)
    let before = m.parameterValues()
    let h0 = try t.heldOutLoss()
    let r = try t.train()
    #expect(r.steps == 10)
    #expect(r.losses.last! < r.losses.first! * 0.8)
    #expect(r.heldOutLosses.last!.loss < h0)
    for (b, a) in zip(before, m.parameterValues()) { #expect(b.values != a.values, "parameter \(b.name) did not change") }
    FS.remove(dir)
  }

  @Test func sameSeedSameCheckpointBytes() throws {
    let dir = tempDir("det")
    let (t1, r1, _, _) = try makeTrainer(dir: dir, name: "a")
    _ = try t1.train()
    let (t2, r2, _, _) = try makeTrainer(dir: dir, name: "b")
    _ = try t2.train()
    let a = try FileBytes(path: r1.checkpoints.latest! + "/model.json").bytes
    let b = try FileBytes(path: r2.checkpoints.latest! + "/model.json").bytes
    #expect(a == b && !a.isEmpty)
    let (t3, r3, _, _) = try makeTrainer(dir: dir, name: "c", seed: 4)
    _ = try t3.train()
    #expect(try FileBytes(path: r3.checkpoints.latest! + "/model.json").bytes != a)
    FS.remove(dir)
  }

  /// A run stopped after step 5 (its last checkpoint is step 3) and resumed must give the same
  /// loss at every step as an uninterrupted run, and the same final weights. Exact equality: the
  /// same float operations run in the same order.
  @Test func resumeMatchesUninterrupted() throws {
    let dir = tempDir("resume")
    let (full, fullRun, _, _) = try makeTrainer(dir: dir, name: "full")
    let ref = try full.train().losses
    let (first, _, _, _) = try makeTrainer(dir: dir, name: "cut", stopAfter: 5)
    let part1 = try first.train().losses
    #expect(part1.count == 5)
    let (second, cutRun, _, state) = try makeTrainer(dir: dir, name: "cut", resume: true)
    #expect(state?.step == 3)
    let part2 = try second.train(resume: state).losses
    #expect(Array(part1.prefix(3)) + part2 == ref)
    let logged = try JSONLReader.readAll(cutRun.folder.metricsPath).filter { $0["loss"] != nil }.map { $0["loss"]!.double! }
    #expect(logged == ref)
    #expect(try FileBytes(path: cutRun.checkpoints.latest! + "/model.json").bytes
            == FileBytes(path: fullRun.checkpoints.latest! + "/model.json").bytes)
    // A resume under a changed config is refused.
    #expect(throws: TrainingError.self) { _ = try makeTrainer(dir: dir, name: "cut", seed: 9, resume: true) }
    FS.remove(dir)
  }

  @Test func nanStopsAndKeepsLastGoodCheckpoint() throws {
    let dir = tempDir("nan")
    let (t, run, _, _) = try makeTrainer(dir: dir, nanFrom: 5)
    do {
      _ = try t.train()
      Issue.record("a NaN loss did not stop the run")
    } catch let TrainingError.nonFinite(step, what, _, last) {
      #expect(step == 5 && what == "training loss")
      #expect(last == run.checkpoints.path(step: 3))
    }
    #expect(run.checkpoints.steps == [3])
    _ = try BigramModel.load(from: run.checkpoints.path(step: 3))
    FS.remove(dir)
  }
}
