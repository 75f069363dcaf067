import Foundation
import JSON
import Puzzles
import Testing
import Training
import Warmup

/// The repository root, found from this file.
func repoRoot() -> String {
  var dir = String(#filePath)
  for _ in 0..<3 { dir = String(dir[..<dir.lastIndex(of: "/")!]) }
  return dir
}

@Suite struct StageConfigTests {
  @Test func committedConfigsLoadAndValidate() throws {
    let (w, resolved) = try Config.load(WarmupConfig.self, defaults: WarmupConfig(), file: repoRoot() + "/stages/warmup.json")
    try w.validate()
    // The paper's clipping and schedule kind; epochs and traces as stages/warmup.json explains.
    #expect(w.train.epochs == 4 && w.optim.maxGradNorm == 0.1 && w.optim.schedule.kind == .constant)
    #expect(FS.exists(repoRoot() + "/" + w.data.traces), "stages/warmup.json names traces that are not committed")
    // The in-training probe reads the validation split, never the test set (issue 16).
    #expect(w.eval.kkTest == "puzzles/kk-val.jsonl" && WarmupConfig().eval.kkTest == w.eval.kkTest)
    #expect(FS.exists(repoRoot() + "/" + w.eval.kkTest))
    #expect(resolved["optim"]?["schedule"]?["peak"]?.double == w.optim.schedule.peak)
    let (b, _) = try Config.load(PretrainConfig.self, defaults: PretrainConfig(), file: repoRoot() + "/stages/base.json")
    try b.validate()
    // The committed embedded model must be what stages/base.json describes.
    let shipped = try JSON.read(file: repoRoot() + "/models/base/config.json")
    #expect(shipped["hidden_size"]?.int == b.arch.hiddenSize)
    #expect(shipped["num_hidden_layers"]?.int == b.arch.numHiddenLayers)
    #expect(shipped["vocab_size"]?.int == b.tokenizer.vocabSize)
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
    let (w, _) = try Config.load(WarmupConfig.self, defaults: WarmupConfig(), file: repoRoot() + "/stages/warmup.json",
                                 overrides: ["optim.schedule.peak=1e-5", "data.onBadLine=skip"])
    #expect(w.optim.schedule.peak == 1e-5 && w.data.onBadLine == .skip)
    let (bad, _) = try Config.load(WarmupConfig.self, defaults: WarmupConfig(), file: nil, overrides: ["train.batchSize=0"])
    #expect(throws: TrainingError.badConfig("train.batchSize must be >= 1, got 0")) { try bad.validate() }
  }
}

@Suite struct CorpusTests {
  /// Every corpus item's response is judged correct and well-formed by its domain's verifier (the
  /// builder checks it); here: the shape, determinism, and no long reasoning.
  @Test func shortAnswersForEveryGeneratedDomain() throws {
    var c = CorpusConfig(counts: DomainCounts(kk: 6, arith: 4, code: 0, choice: 0, math: 3), kkPeople: [2, 3])
    c.mathFile = repoRoot() + "/../shared/data/math/math500.jsonl"
    let items = try ShortAnswerCorpus.build(c, report: { _ in })
    #expect(items.count == 13)
    #expect(Set(items.compactMap { $0["domain"]?.string }) == ["kk", "arith", "math"])
    for it in items {
      let r = try #require(it["response"]?.string)
      #expect(r.hasPrefix(" </think>\n<answer> ") && r.hasSuffix(" </answer>") && r.count < 400)
      #expect(it["prompt"]?.string?.hasSuffix("Assistant: <think>") == true)
    }
    let again = try ShortAnswerCorpus.build(c, report: { _ in })
    #expect(again == items)
  }
}

@Suite struct WarmupStageTests {
  /// A checkpoint with 512 embedding rows under the 151,665-token Qwen2.5 tokenizer is refused
  /// before training, naming both numbers.
  @Test func vocabMismatchIsRefusedWithBothNumbers() throws {
    let dir = tempDir("vocab")
    try FS.makeDirectories(dir + "/model")
    for f in ["config.json", "model.safetensors"] { try FS.copyFile(fixture("tiny-qwen2") + "/" + f, dir + "/model/" + f) }
    try FS.copyFile(fixture("qwen2.5-tokenizer") + "/tokenizer.json", dir + "/model/tokenizer.json")
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

@Suite struct ReadingDrillsTests {
  /// Every drill's answer is recoverable from its own prompt, and only by reading it: the names
  /// repeated or listed are the prompt's, in the prompt's order; a quoted claim is the named
  /// person's; the speaker named said exactly that claim. Same seed, same drills.
  @Test func answersComeFromThePrompt() throws {
    let drills = ReadingDrills.make(count: 200, seed: 7)
    #expect(drills.count == 200)
    #expect(Set(drills.compactMap { $0["difficulty"]?.string }) == ["repeat", "roles", "quote", "speaker"])
    for d in drills {
      let p = try #require(d["prompt"]?.string), r = try #require(d["response"]?.string)
      let kind = try #require(d["difficulty"]?.string)
      let met: [String]
      if kind == "repeat" {
        met = String(p.split(separator: "\n")[0].dropFirst("Names: ".count).dropLast()).components(separatedBy: ", ")
        #expect(r == " " + met.joined(separator: ", ") + ".")
        continue
      }
      let head = try #require(p.split(separator: ":", maxSplits: 1).last.map(String.init))
      let listPart = String(head.split(separator: ".", maxSplits: 1)[0]).trimmingCharacters(in: .whitespaces)
      met = listPart.replacingOccurrences(of: ", and ", with: ", ").replacingOccurrences(of: " and ", with: ", ")
        .components(separatedBy: ", ")
      #expect(met.count >= 3 && met.count <= 8, "\(p)")
      switch kind {
      case "roles":
        let lines = r.split(separator: "\n").map(String.init)
        #expect(lines.count == met.count)
        for (i, line) in lines.enumerated() {
          #expect(line.hasPrefix("(\(i + 1)) \(met[i]) is a kn"))
          #expect(p.contains(String(line.dropFirst("(\(i + 1)) ".count)) + "."), "role of \(met[i]) not stated as in the prompt")
        }
      case "quote":
        let who = String(try #require(p.split(separator: "\n").last).dropFirst("What did ".count).dropLast(" say?".count))
        #expect(met.contains(who))
        #expect(p.contains("\(who) said, \(r.dropFirst())."), "quote is not \(who)'s claim")
      case "speaker":
        let q = String(try #require(p.split(separator: "\n").last).dropFirst("Who said ".count).dropLast())
        let speakers = r.dropFirst().components(separatedBy: " and ")
        for s in speakers { #expect(p.contains("\(s) said, \(q)."), "\(s) did not say \(q)") }
        #expect(met.filter { p.contains("\($0) said, \(q).") }.count == speakers.count)
      default:
        Issue.record("unknown kind \(kind)")
      }
    }
    #expect(ReadingDrills.make(count: 200, seed: 7) == drills)
    #expect(ReadingDrills.make(count: 200, seed: 8) != drills)
  }

  /// "list" drills: 8-30 names of the K&K pool, space-separated, and the response is the same
  /// sequence again; kinds rotate as listed, and an unknown kind is refused by the config check.
  @Test func listDrillsRepeatTheirNames() throws {
    let drills = ReadingDrills.make(count: 60, seed: 3, kinds: ["list", "list", "roles"])
    #expect(drills.map { $0["difficulty"]?.string } == (0..<60).map { $0 % 3 == 2 ? "roles" : "list" })
    for d in drills where d["difficulty"]?.string == "list" {
      let p = try #require(d["prompt"]?.string), r = try #require(d["response"]?.string)
      let first = try #require(p.split(separator: "\n").first)
      #expect(first.hasPrefix("Names: ") && first.hasSuffix("."))
      let names = first.dropFirst("Names: ".count).dropLast().split(separator: " ").map(String.init)
      #expect((8...30).contains(names.count))
      #expect(names.allSatisfy(KKRender.commonNames.contains))
      #expect(r == " " + names.joined(separator: " ") + ".")
    }
    var cfg = PretrainConfig()
    cfg.corpus.drills = 10
    cfg.corpus.drillKinds = ["list", "recite"]
    #expect(throws: TrainingError.badConfig("corpus.drillKinds: unknown kind \"recite\"; valid kinds: repeat, roles, quote, speaker, list")) {
      try cfg.validate()
    }
  }
}
