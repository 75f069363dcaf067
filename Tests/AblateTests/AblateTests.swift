// The ablation's statistics and its cell cache: exact sign-test p-values; a smoke matrix runs end to
// end; a changed setting reruns exactly the cells it reaches; a failing cell is recorded and the rest
// complete.
import JSON
import Testing
import Training
import Warmup
@testable import Ablate
#if canImport(Glibc)
import Glibc
#endif

@Suite struct AblationStatsTests {
  @Test func signTestIsExact() {
    // 10 discordant pairs all one way: p = 2 * 0.5^10.
    #expect(abs(AblationStats.signTest([Double](repeating: 1, count: 10)).p - 2.0 / 1024) < 1e-15)
    // 8 vs 2: P(X <= 2) = (1 + 10 + 45) / 1024; zero differences are dropped.
    let t = AblationStats.signTest([Double](repeating: 1, count: 8) + [-1, -1] + [0, 0, 0])
    #expect(t.positive == 8 && t.negative == 2 && abs(t.p - 2 * 56.0 / 1024) < 1e-12)
    #expect(AblationStats.signTest([0, 0]).p == 1)
    #expect(AblationStats.signTest([1, -1]).p == 1)  // 2 * P(X <= 1) = 1.5, capped
    let big = AblationStats.signTest([Double](repeating: 1, count: 3000) + [Double](repeating: -1, count: 2900))
    #expect(big.p > 0.1 && big.p < 1)  // no overflow at thousands of pairs
    let ms = AblationStats.meanStd([0.25, 0.75])
    #expect(ms.mean == 0.5 && abs(ms.std - 0.3535533905932738) < 1e-12)
  }

  @Test func presetsResolveAndBadValuesNameTheirKey() throws {
    for p in ["smoke", "quick", "full"] {
      let (c, _) = try Config.load(AblationConfig.self, defaults: AblationConfig(), file: "stages/ablation.json",
                                   overrides: try AblationConfig.preset(p))
      try c.validate()
      #expect(c.name == p)
    }
    #expect(throws: TrainingError.self) { try AblationConfig.preset("huge") }
    var c = AblationConfig()
    c.seeds = [1, 1]
    #expect { try c.validate() } throws: { "\($0)".contains("seeds") }
    c = AblationConfig(); c.rlvr.domains = ["poetry"]
    #expect { try c.validate() } throws: { "\($0)".contains("poetry") }
    c = AblationConfig(); c.eval.maxNewTokensByDomain = ["kk": 0]
    #expect { try c.validate() } throws: { "\($0)".contains("eval.maxNewTokensByDomain.kk") }
    c = AblationConfig(); c.eval.maxNewTokensByDomain = ["poems": 10]
    #expect { try c.validate() } throws: { "\($0)".contains("poems") }
    c = AblationConfig(); c.eval.kkPeople = [1]
    #expect { try c.validate() } throws: { "\($0)".contains("eval.kkPeople") }
    c = AblationConfig(); c.rlvr.domainOverrides = ["prose": []]
    #expect { try c.validate() } throws: { "\($0)".contains("prose") }
    // Per-domain generation limits fall back to maxNewTokens.
    c = AblationConfig(); c.eval.maxNewTokens = 256; c.eval.maxNewTokensByDomain = ["kk": 1500]
    #expect(c.eval.maxNewTokens("kk") == 1500 && c.eval.maxNewTokens("arith") == 256)
  }

  @Test func kkPeopleKeepsOnlyThosePuzzlesInFileOrderBeforeTheLimit() throws {
    var c = AblationConfig()
    c.root = "/tmp/warmrl-ablate-people-\(getpid())"
    defer { FS.remove(c.root) }
    c.eval.kkPeople = [3, 4]
    let runner = try AblationRunner(config: c, preset: "test")
    let input = try runner.evalInput(.kk, "puzzles/kk-test.jsonl", limit: 30)
    #expect(input.records.count == 30)
    #expect(input.records.allSatisfy { [3, 4].contains($0["names"]?.array?.count ?? 0) })
    // Lines are the file's own (1-based), increasing: the first 30 such puzzles of the file.
    var expected: [Int] = []
    try JSONLReader(path: "puzzles/kk-test.jsonl").forEach { line, v in
      if expected.count < 30, [3, 4].contains(v["names"]?.array?.count ?? 0) { expected.append(line) }
    }
    #expect(input.lines == expected)
    c.eval.kkPeople = [19]
    let none = try AblationRunner(config: c, preset: "test")
    #expect { try none.evalInput(.kk, "puzzles/kk-test.jsonl", limit: 30) } throws: { "\($0)".contains("kkPeople") }
    // Other domains ignore the filter.
    let arith = try runner.evalInput(.arith, "puzzles/arith-test.jsonl", limit: 5)
    #expect(arith.records.count == 5 && arith.lines == [1, 2, 3, 4, 5])
  }

  @Test func replayOnlyNeedsASecondPhaseAndRunsItAloneFromTheBase() throws {
    var c = AblationConfig()
    c.root = "/tmp/warmrl-ablate-phases-\(getpid())"
    defer { FS.remove(c.root) }
    c.warmup.then = ""
    let r0 = try AblationRunner(config: c, preset: "test")
    #expect { try r0.warmupPhases(control: .replayOnly) } throws: { "\($0)".contains("warmup.then") }
    #expect(try r0.warmupPhases(control: nil).map(\.file) == ["stages/warmup.json"])
    c.warmup.then = "stages/warmup-replay.json"; c.warmup.thenOverrides = ["train.epochs=1"]
    let r1 = try AblationRunner(config: c, preset: "test")
    #expect(try r1.warmupPhases(control: nil).map(\.file) == ["stages/warmup.json", "stages/warmup-replay.json"])
    #expect(try r1.warmupPhases(control: .wrongAnswers).count == 2)
    let ro = try r1.warmupPhases(control: .replayOnly)
    #expect(ro.map(\.file) == ["stages/warmup-replay.json"] && ro[0].overrides == ["train.epochs=1", "data.replayOnly=true", "eval.enabled=false"])
  }

  /// Every warmup run of the committed stages/ablation.json (the full preset retrains them) resolves and validates as
  /// a warmup config: 7 runs, the look-up chain of notebooks-md/2026-12-07-lookups.md between phase 1 and phase 2.
  @Test func committedAblationWarmupRunsResolve() throws {
    let (c, _) = try Config.load(AblationConfig.self, defaults: AblationConfig(), file: "stages/ablation.json",
                                 overrides: try AblationConfig.preset("full") + ["root=/tmp/warmrl-ablate-resolve-\(getpid())"])
    defer { FS.remove(c.root) }
    let phases = try AblationRunner(config: c, preset: "full").warmupPhases(control: nil)
    #expect(phases.count == 7)
    var drills: [Int] = []
    for p in phases {
      let (w, _) = try Config.load(WarmupConfig.self, defaults: WarmupConfig(), file: p.file, overrides: p.overrides + ["run.seed=1"])
      try w.validate()
      drills.append(w.data.replay?.drills ?? -1)
    }
    #expect(drills[1] == 100_000 && drills[2] == 100_000 && drills[3] == 31_000)
  }

  /// `warmup.between` runs sit between the K&K warmup and `then`, in order, with their own overrides; the replayOnly
  /// control still runs `then` alone. Read from a config file, as stages/ablation.json gives them.
  @Test func betweenPhasesRunInOrderBeforeThen() throws {
    let dir = "/tmp/warmrl-ablate-between-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
    try FS.makeDirectories(dir)
    defer { FS.remove(dir) }
    let file = dir + "/ablation.json"
    try AtomicFile.write("""
      { "root": "\(dir)", "warmup": { "then": "stages/warmup-replay.json",
        "between": [ { "config": "stages/warmup-replay.json", "overrides": ["data.replayOnly=true"] },
                     { "config": "stages/warmup.json", "overrides": ["data.generate.count=10"] } ] } }
      """, to: file)
    let (c, _) = try Config.load(AblationConfig.self, defaults: AblationConfig(), file: file)
    let r = try AblationRunner(config: c, preset: "test")
    let phases = try r.warmupPhases(control: nil)
    #expect(phases.map(\.file) == ["stages/warmup.json", "stages/warmup-replay.json", "stages/warmup.json", "stages/warmup-replay.json"])
    #expect(phases.map(\.overrides) == [[], ["data.replayOnly=true"], ["data.generate.count=10"], []])
    #expect(try r.warmupPhases(control: .replayOnly).map(\.file) == ["stages/warmup-replay.json"])
    // A phase without its overrides key is refused, naming the key.
    try AtomicFile.write(#"{ "warmup": { "between": [ { "config": "stages/warmup.json" } ] } }"#, to: file)
    #expect { try Config.load(AblationConfig.self, defaults: AblationConfig(), file: file) } throws: { "\($0)".contains("overrides") }
  }
}

@Suite(.serialized) struct AblationCacheTests {
  func tempDir() -> String {
    var template = Array("/tmp/warmrl-ablate-XXXXXX".utf8CString)
    _ = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
    return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  func config(_ root: String, _ extra: [String]) throws -> AblationConfig {
    try Config.load(AblationConfig.self, defaults: AblationConfig(), file: "stages/ablation.json",
                    overrides: try AblationConfig.preset("smoke") + ["root=\(root)", "passAtK.enabled=false",
                                                                     "eval.domains=[\"kk\"]"] + extra).0
  }

  @Test func smokeRunsAndAChangeRerunsExactlyTheCellsItReaches() throws {
    let root = tempDir()
    defer { FS.remove(root) }
    let first = try AblationRunner(config: try config(root, []), preset: "smoke")
    let cells = try first.run()
    let errors = cells.filter { !$0.ok }.map { $0["error"]?.string ?? "" }
    #expect(errors.isEmpty, "\(errors)")
    #expect(cells.filter { $0["kind"]?.string == "eval" }.count == first.arms.count)
    #expect(first.cachedLabels.isEmpty)
    // Same config: everything is reused.
    let again = try AblationRunner(config: try config(root, []), preset: "smoke")
    _ = try again.run()
    #expect(again.cachedLabels.count == cells.count)
    // A different eval limit reaches only the eval cells: warmup and RLVR cells are reused.
    let changed = try AblationRunner(config: try config(root, ["eval.limit=3"]), preset: "smoke")
    let c2 = try changed.run()
    let rerun = c2.filter { r in !changed.cachedLabels.contains(r["label"]?.string ?? "") }.compactMap { $0["kind"]?.string }
    #expect(Set(rerun) == ["eval"], "rerun kinds: \(rerun)")
    #expect(changed.cachedLabels.contains { $0.hasPrefix("rlvr ") } && changed.cachedLabels.contains { $0.hasPrefix("warmup ") })
    // A control on a domain without a train file fails; its cells are recorded failed, the rest finish,
    // and the notebook lists the failure.
    let broken = try AblationRunner(config: try config(root, ["rlvr.controlDomain=math"]), preset: "smoke")
    let c3 = try broken.run()
    let failed = c3.filter { !$0.ok }
    #expect(!failed.isEmpty && failed.allSatisfy { ($0["label"]?.string ?? "").contains("math") })
    let others = c3.filter { !($0["label"]?.string ?? "").contains("math") }
    #expect(!others.isEmpty && others.allSatisfy { $0.ok })
    let md = AblationReport(runner: broken, date: "2026-01-01", wallSeconds: 1, command: "test", machine: "test").markdown()
    #expect(md.contains("## Failed cells") && md.contains("randomReward-math"))
    #expect(md.contains("## Verdict"))
  }
}

@Suite struct WarmupTraceControlTests {
  func trace(_ resp: String) -> JSON { .object(JSONObject(pairs: [("prompt", "Q"), ("response", .string(resp))])) }

  @Test func wrongAnswersFlipTheFirstRoleOfTheLastAnswerBlock() throws {
    let r = "A is a knight? assume knight... </think> <answer> (1) A is a knight\n(2) B is a knave </answer>"
    let out = try WarmupTraceControl.apply(.wrongAnswers, to: [trace(r)], source: "t")
    #expect(out[0]["response"]?.string == "A is a knight? assume knight... </think> <answer> (1) A is a knave\n(2) B is a knave </answer>")
    #expect(out[0]["correct"]?.bool == false)
    let k = try WarmupTraceControl.apply(.wrongAnswers, to: [trace("<answer> (1) B is a knave (2) C is a knight </answer>")], source: "t")
    #expect(k[0]["response"]?.string == "<answer> (1) B is a knight (2) C is a knight </answer>")
    #expect(throws: TrainingError.self) { try WarmupTraceControl.apply(.wrongAnswers, to: [trace("no answer")], source: "t") }
  }

  @Test func shortAndLongHalvesPartitionTheTraces() throws {
    let rows = ["aaaa", "a", "aaa", "aa", "aaaaa"].map(trace)
    let short = try WarmupTraceControl.apply(.shortTraces, to: rows, source: "t").compactMap { $0["response"]?.string }
    let long = try WarmupTraceControl.apply(.longTraces, to: rows, source: "t").compactMap { $0["response"]?.string }
    #expect(short == ["a", "aa"])  // file order kept
    #expect(long == ["aaaa", "aaa", "aaaaa"])
    #expect(Set(short).isDisjoint(with: long) && short.count + long.count == rows.count)
  }
}
