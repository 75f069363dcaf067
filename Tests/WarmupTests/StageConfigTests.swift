import JSON
import Pretrain
import Puzzles
import Testing
import TestSupport
import Training
import Warmup

@Suite struct StageConfigTests {
  @Test func committedConfigsLoadAndValidate() throws {
    let (w, resolved) = try Config.load(WarmupConfig.self, defaults: WarmupConfig(), file: Fixtures.repoRoot + "/stages/warmup.json")
    try w.validate()
    // One epoch of generated enumerate traces of 3 and 4 people, as stages/warmup.json explains; the
    // generator excludes every committed held-out K&K set and the public test files.
    // fp32 compute: faster than our bf16 path on the 2-core Intel Xeon the 2026-12-06 run used.
    #expect(w.train.epochs == 1 && w.optim.schedule.kind == .cosine && w.model.compute == .fp32)
    let g = try #require(w.data.generate, "stages/warmup.json should generate its traces")
    #expect(g.style == .enumerate && g.people == [3, 4] && w.data.people == [3, 4])
    for f in ["puzzles/kk-test.jsonl", "puzzles/kk-val.jsonl"] { #expect(g.exclude.contains(f)) }
    for f in g.exclude { #expect(FS.exists(Fixtures.repoRoot + "/" + f), "exclude file \(f) missing") }
    // The in-training probe reads the validation split, never the test set (issue 16).
    #expect(w.eval.kkTest == "puzzles/kk-val.jsonl" && WarmupConfig().eval.kkTest == w.eval.kkTest)
    #expect(FS.exists(Fixtures.repoRoot + "/" + w.eval.kkTest))
    #expect(resolved["optim"]?["schedule"]?["peak"]?.double == w.optim.schedule.peak)
  }

  @Test func replayPhaseConfigStartsFromTheKKWarmupAndExcludesEveryHeldOutSet() throws {
    let (w, _) = try Config.load(WarmupConfig.self, defaults: WarmupConfig(), file: Fixtures.repoRoot + "/stages/warmup-replay.json")
    try w.validate()
    #expect(w.model.path == "models/warmup-kk" && FS.exists(Fixtures.repoRoot + "/models/warmup-kk/model.safetensors"))
    let r = try #require(w.data.replay, "stages/warmup-replay.json should replay the base's kind of corpus")
    #expect(!w.data.replayOnly && r.counts.kk == 0 && r.counts.arith > 0 && r.counts.choice > 0)
    // Choice is replayed in the base's worked form, with the base's compare drills (stages/base.json).
    let (b, _) = try Config.load(PretrainConfig.self, defaults: PretrainConfig(), file: Fixtures.repoRoot + "/stages/base.json")
    #expect(r.choiceWorked == b.corpus.choiceWorked && r.drills > 0 && r.drillKinds.allSatisfy(b.corpus.drillKinds.contains))
    // A replay corpus written before `worked` and `choiceWorked` existed still loads (no defaults are
    // merged under data.replay): no worked lines, the lookup form.
    var old = try JSON(encoding: r)
    if case .object(var o) = old { o["worked"] = nil; o["choiceWorked"] = nil; old = .object(o) }
    let decodedOld = try old.decode(CorpusConfig.self, source: "test")
    #expect(decodedOld.worked.isEmpty && decodedOld.choiceWorked == .lookup && decodedOld.counts == r.counts)
    var badKind = w
    badKind.data.replay?.drillKinds = ["compare", "recite"]
    #expect(throws: TrainingError.badConfig("data.replay.drillKinds: unknown kind \"recite\"; valid kinds: \(ReadingDrills.kinds.joined(separator: ", "))")) {
      try badKind.validate()
    }
    for f in CorpusConfig.committedHeldOut { #expect(r.exclude.contains(f), "replay exclude lacks \(f)") }
    // Phase 1 has no replay (the paper's recipe); replayOnly without a replay corpus is refused by name.
    let (p1, _) = try Config.load(WarmupConfig.self, defaults: WarmupConfig(), file: Fixtures.repoRoot + "/stages/warmup.json")
    #expect(p1.data.replay == nil)
    var bad = p1
    bad.data.replayOnly = true
    #expect { try bad.validate() } throws: { "\($0)".contains("data.replayOnly") }
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

@Suite struct GeneratedTracesTests {
  /// `data.generate`: the same settings give the same bytes; every trace is correct, well formed
  /// and of the asked people counts; puzzles of an `exclude` file (here: the first run's own) are
  /// never made again, by statements with names relabelled; bad settings are refused by key.
  @Test func generatedTracesAreDeterministicCorrectAndExcludeTheirExcludes() throws {
    let dir = tempDir("gen-traces")
    defer { FS.remove(dir) }
    let g = TraceGenerateConfig(people: [3, 4], count: 40, seed: 5, style: .enumerate, traceSeed: 0)
    try WarmupStage.makeTraces(g, to: dir + "/a.jsonl")
    try WarmupStage.makeTraces(g, to: dir + "/b.jsonl")
    #expect(try FileBytes(path: dir + "/a.jsonl").bytes == FileBytes(path: dir + "/b.jsonl").bytes)
    let a = try JSONLReader.readAll(dir + "/a.jsonl")
    #expect(a.count == 40)
    #expect(a.allSatisfy { $0["correct"]?.bool == true && $0["format_ok"]?.bool == true && $0["style"]?.string == "enumerate" })
    #expect(Set(a.compactMap { $0["people"]?.int }) == [3, 4])
    // A file of the puzzles behind a.jsonl, then a run with the same seed excluding them.
    let puzzles = try KKGenerator.mixed(people: [3, 4], count: 40, seed: 5)
    let w = try JSONLWriter(path: dir + "/puzzles.jsonl")
    for (i, p) in puzzles.enumerated() { try w.write(p.record(index: i, split: .train)) }
    try w.finish()
    var gx = g
    gx.exclude = [dir + "/puzzles.jsonl"]
    try WarmupStage.makeTraces(gx, to: dir + "/c.jsonl")
    let c = try JSONLReader.readAll(dir + "/c.jsonl")
    // Same seed: without the exclusion these would be a's prompts; with it, none is.
    #expect(c.count == 40)
    let promptsA = Set(a.compactMap { $0["prompt"]?.string })
    #expect(c.allSatisfy { !promptsA.contains($0["prompt"]?.string ?? "") })
    // And they are the generator's puzzles with those keys excluded.
    let expected = try KKGenerator.mixed(people: [3, 4], count: 40, seed: 5, exclude: Set(puzzles.map(\.key)))
    var expectedPrompts: [String] = []
    for (i, p) in expected.enumerated() {
      let t = try Traces.make(record: p.record(index: i, split: .train), source: "generated", line: i + 1, style: .enumerate, seed: 0, format: .r1Base)
      expectedPrompts.append(t["prompt"]?.string ?? "")
    }
    #expect(c.compactMap { $0["prompt"]?.string } == expectedPrompts)
    var bad = WarmupConfig()
    bad.data.generate = TraceGenerateConfig(people: [3, 3], count: 10)
    #expect(throws: TrainingError.badConfig("data.generate.people must list distinct people counts in 2...16, got [3, 3]")) { try bad.validate() }
    bad.data.generate = TraceGenerateConfig(people: [3], count: 0)
    #expect(throws: TrainingError.badConfig("data.generate.count must be in 1...1000000, got 0")) { try bad.validate() }
    var missing = g
    missing.exclude = [dir + "/nope.jsonl"]
    #expect(throws: (any Error).self) { try WarmupStage.makeTraces(missing, to: dir + "/d.jsonl") }
  }
}
