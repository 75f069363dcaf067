import JSON
import Testing
import TestSupport
import Training
import Warmup

@Suite struct StageConfigTests {
  @Test func committedConfigsLoadAndValidate() throws {
    let (w, resolved) = try Config.load(WarmupConfig.self, defaults: WarmupConfig(), file: Fixtures.repoRoot + "/stages/warmup.json")
    try w.validate()
    // The paper's clipping and schedule kind; epochs and traces as stages/warmup.json explains.
    #expect(w.train.epochs == 4 && w.optim.maxGradNorm == 0.1 && w.optim.schedule.kind == .constant)
    #expect(FS.exists(Fixtures.repoRoot + "/" + w.data.traces), "stages/warmup.json names traces that are not committed")
    // The in-training probe reads the validation split, never the test set (issue 16).
    #expect(w.eval.kkTest == "puzzles/kk-val.jsonl" && WarmupConfig().eval.kkTest == w.eval.kkTest)
    #expect(FS.exists(Fixtures.repoRoot + "/" + w.eval.kkTest))
    #expect(resolved["optim"]?["schedule"]?["peak"]?.double == w.optim.schedule.peak)
  }

  @Test func unknownKeyListsValidOnes() {
    do {
      _ = try Config.load(WarmupConfig.self, defaults: WarmupConfig(), file: nil, overrides: ["train.epoch=2"])
      Issue.record("unknown key accepted")
    } catch {
      let d = "\(error)"
      #expect(d.contains("epoch") && d.contains("batchSize") && d.contains("microBatchTokens"))
    }
  }

  @Test func overridesBeatTheFileAndBadValuesAreNamed() throws {
    let (w, _) = try Config.load(WarmupConfig.self, defaults: WarmupConfig(), file: Fixtures.repoRoot + "/stages/warmup.json",
                                 overrides: ["optim.schedule.peak=1e-5", "data.onBadLine=skip"])
    #expect(w.optim.schedule.peak == 1e-5 && w.data.onBadLine == .skip)
    let (bad, _) = try Config.load(WarmupConfig.self, defaults: WarmupConfig(), file: nil, overrides: ["train.batchSize=0"])
    #expect(throws: TrainingError.badConfig("train.batchSize must be in 1...1048576, got 0")) { try bad.validate() }
  }
}

@Suite struct WarmupStageTests {
  /// A checkpoint with 512 embedding rows under the 151,665-token Qwen2.5 tokenizer is refused
  /// before training, naming both numbers.
  @Test func vocabMismatchIsRefusedWithBothNumbers() throws {
    let dir = tempDir("vocab")
    try FS.makeDirectories(dir + "/model")
    for f in ["config.json", "model.safetensors"] { try FS.copyFile(Fixtures.fixture("tiny-qwen2") + "/" + f, dir + "/model/" + f) }
    try FS.copyFile(Fixtures.fixture("qwen2.5-tokenizer") + "/tokenizer.json", dir + "/model/tokenizer.json")
    try writeTraces(dir + "/traces.jsonl", count: 4, seed: 1)
    do {
      _ = try WarmupStage.run(configFile: nil, overrides: ["model.path=\(dir)/model", "run.root=\(dir)/runs",
                                                          "data.traces=\(dir)/traces.jsonl", "eval.enabled=false"], resume: false)
      Issue.record("a 512-row checkpoint was accepted under a 151k tokenizer")
    } catch {
      let d = "\(error)"
      #expect(d.contains("512") && d.contains("151665"), "\(d)")
    }
    FS.remove(dir)
  }
}
