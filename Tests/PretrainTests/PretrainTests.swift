// The base-model stage: stages/base.json loads and matches the committed model, the short-answer
// corpus, the reading drills.
import Foundation
import JSON
import Pretrain
import Puzzles
import Testing
import TestSupport
import Training

@Suite struct PretrainConfigTests {
  @Test func committedConfigLoadsAndMatchesTheShippedModel() throws {
    let (b, _) = try Config.load(PretrainConfig.self, defaults: PretrainConfig(), file: Fixtures.repoRoot + "/stages/base.json")
    try b.validate()
    // The committed embedded model must be what stages/base.json describes.
    let shipped = try JSON.read(file: Fixtures.repoRoot + "/models/base/config.json")
    #expect(shipped["hidden_size"]?.int == b.arch.hiddenSize)
    #expect(shipped["num_hidden_layers"]?.int == b.arch.numHiddenLayers)
    #expect(shipped["vocab_size"]?.int == b.tokenizer.vocabSize)
  }

  /// The arch section is a Qwen2Config under the old flat keys: same keys, same values, and the
  /// written model config is the one the fields describe.
  @Test func archKeysAndShapeAreUnchanged() throws {
    let (b, resolved) = try Config.load(PretrainConfig.self, defaults: PretrainConfig(), file: Fixtures.repoRoot + "/stages/base.json",
                                        overrides: ["arch.hiddenSize=64"])
    #expect(resolved["arch"]?.object?.keys == ["hiddenSize", "numHiddenLayers", "numAttentionHeads", "numKeyValueHeads",
                                               "intermediateSize", "maxPositionEmbeddings", "ropeTheta", "rmsNormEps",
                                               "tieWordEmbeddings", "initStd"])
    #expect(b.arch.hiddenSize == 64 && b.arch.initStd == 0.02)
    #expect(try b.arch == JSON(encoding: b.arch).decode(ArchConfig.self, source: "test"))
  }
}

@Suite struct CorpusTests {
  /// Every corpus item's response is judged correct and well-formed by its domain's verifier (the
  /// builder checks it); here: the shape, determinism, and no long reasoning.
  @Test func shortAnswersForEveryGeneratedDomain() throws {
    var c = CorpusConfig(counts: DomainCounts(kk: 6, arith: 4, code: 0, choice: 0, math: 3), kkPeople: [2, 3])
    c.mathFile = Fixtures.repoRoot + "/../shared/data/math/math500.jsonl"
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
    #expect(throws: TrainingError.badConfig("corpus.drillKinds: unknown kind \"recite\"; valid kinds: repeat, roles, quote, speaker, list, judge")) {
      try cfg.validate()
    }
  }
}

@Suite struct PretrainStageTests {
  /// A tiny pretrain run (corpus, tokenizer, fresh model, 8 steps) on the shared skeleton: the same
  /// seed gives the same checkpoint and output bytes, and a run resumed from its step-4 checkpoint
  /// ends byte for byte where the uninterrupted one does.
  @Test func sameSeedSameBytesAndExactResume() throws {
    let dir = tempDir("pretrain")
    defer { FS.remove(dir) }
    func run(_ name: String, resume: Bool = false) throws -> JSON {
      try PretrainStage.run(configFile: nil, overrides: [
        "corpus.counts={\"kk\": 12, \"arith\": 8, \"code\": 0, \"choice\": 6, \"math\": 0}", "corpus.kkPeople=[3, 4]", "corpus.drills=8",
        "tokenizer.vocabSize=320", "arch.hiddenSize=32", "arch.numHiddenLayers=1", "arch.numAttentionHeads=2",
        "arch.numKeyValueHeads=1", "arch.intermediateSize=64", "arch.maxPositionEmbeddings=512",
        "train.batchSize=4", "train.maxLength=512", "train.evalEvery=3", "heldOut=2",
        "run.root=\(dir)", "run.name=\(name)", "run.checkpointEvery=2", "run.keepCheckpoints=20", "run.progressInterval=1e9",
        "output=\(dir)/out-\(name)",
      ], resume: resume)
    }
    func bytes(_ path: String) throws -> [UInt8] { try FileBytes(path: path).bytes }
    let a = try run("a")
    let steps = try #require(a["steps"]?.int)
    #expect(a["status"]?.string == "finished")
    try #require(steps >= 6, "the tiny corpus should give at least 6 steps, got \(steps)")
    _ = try run("b")
    let ckA = dir + "/pretrain-a/checkpoints/step-\(steps)", ckB = dir + "/pretrain-b/checkpoints/step-\(steps)"
    #expect(try bytes(ckA + "/model.safetensors") == bytes(ckB + "/model.safetensors"))
    #expect(try bytes(dir + "/out-a/model.safetensors") == bytes(dir + "/out-b/model.safetensors"))
    // Resume b from step 4: drop the later checkpoints and states, run again with --resume.
    for s in 5...steps {
      FS.remove(dir + "/pretrain-b/checkpoints/step-\(s)")
      FS.remove(dir + "/pretrain-b/state/step-\(s)")
    }
    FS.remove(dir + "/out-b")
    let b = try run("b", resume: true)
    #expect(b["steps"]?.int == steps)
    #expect(try bytes(ckA + "/model.safetensors") == bytes(ckB + "/model.safetensors"))
    #expect(try bytes(dir + "/pretrain-a/state/step-\(steps)/optimizer.safetensors")
            == bytes(dir + "/pretrain-b/state/step-\(steps)/optimizer.safetensors"))
    #expect(try bytes(dir + "/out-a/model.safetensors") == bytes(dir + "/out-b/model.safetensors"))
  }
}
