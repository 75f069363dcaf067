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
    #expect(throws: TrainingError.badConfig("corpus.drillKinds: unknown kind \"recite\"; valid kinds: repeat, roles, quote, speaker, list")) {
      try cfg.validate()
    }
  }
}
