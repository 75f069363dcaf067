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
    #expect(throws: TrainingError.badConfig("corpus.drillKinds: unknown kind \"recite\"; valid kinds: repeat, roles, quote, speaker, list, judge, fact, lookup, compare, tries, recall, recall-atoms, recall-ordered")) {
      try cfg.validate()
    }
  }
}

extension ReadingDrillsTests {
  /// A recall drill's two assignments and its answer, each as (name, role) pairs in written order.
  static func recallParts(_ d: JSON) throws -> (first: [(String, String)], second: [(String, String)], asked: [(String, String)]) {
    let p = try #require(d["prompt"]?.string), r = try #require(d["response"]?.string)
    let lines = p.split(separator: "\n").map(String.init)
    try #require(lines.count == 2 && lines[1].hasSuffix(" |"), "prompt \(p)")
    func pairs(_ t: Substring) -> [(String, String)] {
      t.split(separator: " ").map { let x = $0.split(separator: "="); return (String(x[0]), String(x[1])) }
    }
    return (pairs(Substring(lines[0])), pairs(lines[1].dropLast(2)), pairs(r.dropFirst()))
  }

  /// "recall" drills: two assignments of the same 3-4 people that differ in one or two; the response
  /// names everyone once, each with their role in the second (never the first's where they differ).
  @Test func recallDrillsReadTheLastAssignmentByName() throws {
    let drills = ReadingDrills.make(count: 300, seed: 4, kinds: ["recall"])
    var reordered = 0
    for d in drills {
      let (first, second, asked) = try Self.recallParts(d)
      #expect((3...4).contains(second.count) && first.map(\.0) == second.map(\.0))
      #expect((1...4).contains(zip(first, second).filter { $0.1 != $1.1 }.count))
      #expect(asked.map(\.0).sorted() == second.map(\.0).sorted())
      let now = Dictionary(uniqueKeysWithValues: second)
      #expect(asked.allSatisfy { now[$0.0] == $0.1 }, "\(d)")
      if asked.map(\.0) != second.map(\.0) { reordered += 1 }
    }
    #expect(reordered > 200)  // the order rarely gives the answer away
    #expect(ReadingDrills.make(count: 5, seed: 4, kinds: ["recall"]) == Array(drills.prefix(5)))
    // "recall-atoms": the same drills, answered comma-separated.
    let atoms = ReadingDrills.make(count: 300, seed: 4, kinds: ["recall-atoms"])
    for (d, a) in zip(drills, atoms) {
      #expect(a["prompt"] == d["prompt"])
      let pairs = (d["response"]?.string ?? "").dropFirst().split(separator: " ")
      #expect(a["response"]?.string == " " + pairs.joined(separator: ", "))
    }
    // "recall-ordered": the second assignment shuffled, the answer in the first's order with the second's roles.
    var shuffled = 0, placeReadWrong = 0
    for d in ReadingDrills.make(count: 300, seed: 4, kinds: ["recall-ordered"]) {
      let (first, second, asked) = try Self.recallParts(d)
      #expect(asked.map(\.0) == first.map(\.0) && second.map(\.0).sorted() == first.map(\.0).sorted())
      let now = Dictionary(uniqueKeysWithValues: second)
      #expect(asked.allSatisfy { now[$0.0] == $0.1 }, "\(d)")
      if second.map(\.0) != first.map(\.0) { shuffled += 1 }
      if zip(first, asked).contains(where: { $0.1 != $1.1 }) { placeReadWrong += 1 }
    }
    #expect(shuffled > 200)
    #expect(placeReadWrong == 300)  // copying the first line's roles is never the answer
  }

  /// "compare" drills: eight candidates against the prompt's value, "yes" exactly when the candidate
  /// is the value; both verdicts occur, and the misses are near ones (numbers of the same kind,
  /// mostly within one edit), so the verdict needs an exact comparison.
  @Test func compareDrillsJudgeExactEquality() throws {
    let drills = ReadingDrills.make(count: 300, seed: 5, kinds: ["compare"])
    var yes = 0, no = 0, nearMisses = 0
    for d in drills {
      let p = try #require(d["prompt"]?.string), r = try #require(d["response"]?.string)
      let v = String(try #require(p.firstMatch(of: /^Compare with (.+):$/)).output.1)
      #expect(r.hasPrefix(" ") && r.hasSuffix("."))
      let entries = r.dropFirst().dropLast().components(separatedBy: ", ")
      #expect(entries.count == 8)
      for e in entries {
        let m = try #require(e.firstMatch(of: /^(.+) vs (.+) (yes|no)$/), "entry \(e)")
        #expect(String(m.output.2) == v)
        let x = String(m.output.1)
        #expect((m.output.3 == "yes") == (x == v), "\(e)")
        if x == v { yes += 1; continue }
        no += 1
        #expect(x.contains(where: \.isNumber) == v.contains(where: \.isNumber))
        if abs(x.count - v.count) <= 1 { nearMisses += 1 }
      }
    }
    let total = Double(yes + no)
    #expect(Double(yes) / total > 0.3 && Double(yes) / total < 0.5)
    #expect(Double(nearMisses) / Double(no) > 0.9)
    #expect(ReadingDrills.make(count: 300, seed: 5, kinds: ["compare"]) == drills)
  }
}

@Suite struct ArithmeticDrillTests {
  /// "fact" drills: eight lines "a op b = c", each true (checked here by integer arithmetic, not by
  /// the generator's own code path), operands in the stated ranges; same seed, same drills.
  @Test func factLinesAreTrueAndInRange() throws {
    let drills = ReadingDrills.make(count: 300, seed: 11, kinds: ["fact"])
    #expect(drills == ReadingDrills.make(count: 300, seed: 11, kinds: ["fact"]))
    var ops: [String: Int] = [:]
    for d in drills {
      #expect(d["prompt"]?.string == "Arithmetic facts:")
      let lines = try #require(d["response"]?.string).split(separator: "\n", omittingEmptySubsequences: false)
      #expect(lines.count == 9 && lines[0].isEmpty)
      for line in lines.dropFirst() {
        let t = line.split(separator: " ").map(String.init)
        try #require(t.count == 5 && t[3] == "=", "bad fact line \(line)")
        let a = try #require(Int(t[0])), b = try #require(Int(t[2])), c = try #require(Int(t[4]))
        switch t[1] {
        case "+": #expect(a + b == c && (1...100).contains(a) && (1...60).contains(b))
        case "-": #expect(a - b == c && c >= 0 && a <= 400)
        case "\\times": #expect(a * b == c && a >= 2 && b >= 2)
        case "/": #expect(b * c == a && (2...12).contains(b) && (2...20).contains(c))
        default: Issue.record("unknown operator in \(line)")
        }
        ops[t[1], default: 0] += 1
      }
    }
    #expect(ops.keys.count == 4 && ops.values.allSatisfy { $0 > 200 })
  }

  /// "lookup" drills: the asked value is the option under the answered letter, and only there.
  @Test func lookupDrillsNameTheLetterOfTheAskedValue() throws {
    for d in ReadingDrills.make(count: 200, seed: 4, kinds: ["lookup"]) {
      let p = try #require(d["prompt"]?.string), r = try #require(d["response"]?.string)
      let m = try #require(r.firstMatch(of: /^ (.+) is option \(([A-J])\)\.$/))
      let opts = p.split(separator: "\n").filter { $0.count > 3 && $0.dropFirst().hasPrefix(". ") }
      #expect(opts.count == 10)
      let hits = opts.filter { $0.dropFirst(3) == m.output.1 }
      #expect(hits.count == 1 && hits.first?.first.map(String.init) == String(m.output.2))
      #expect(p.hasSuffix("Which option is \(m.output.1)?"))
    }
  }

  /// `corpus.worked.choice`: the think names the correct option's value, then its letter, and the
  /// verifier still accepts the answer; an unknown domain in `worked` is refused even without drills.
  @Test func workedChoiceNamesTheValueThenTheLetter() throws {
    var c = CorpusConfig(counts: DomainCounts(kk: 0, arith: 0, code: 0, choice: 30, math: 0))
    c.worked = ["choice": 1.0]
    let items = try ShortAnswerCorpus.build(c, report: { _ in })
    #expect(items.count == 30)
    for it in items {
      let p = try #require(it["prompt"]?.string), r = try #require(it["response"]?.string)
      let m = try #require(r.firstMatch(of: /^ (.+) is option \(([A-J])\)\. <\/think>\n<answer> \(([A-J])\) <\/answer>$/))
      #expect(m.output.2 == m.output.3)
      // The value is the prompt's option under that letter.
      #expect(p.contains("\n\(m.output.2). \(m.output.1)\n"))
    }
    var cfg = PretrainConfig()
    cfg.corpus.worked = ["kk": 0.5]
    #expect(throws: TrainingError.badConfig("corpus.worked: \"kk\" has no short worked solutions; valid: arith, choice, code")) {
      try cfg.validate()
    }
  }

  /// `corpus.codeLevels` [6, 7, 8] with `worked.code` 1: every code item shows its record's derivation
  /// of the constant in <think> and the verifier accepts the answer; without codeLevels the code
  /// items are levels 1-5, with an empty think (they have no derivation); bad levels are refused by key.
  @Test func workedCodeShowsHowTheConstantFollows() throws {
    var c = CorpusConfig(counts: DomainCounts(kk: 0, arith: 0, code: 30, choice: 0, math: 0))
    c.worked = ["code": 1.0]
    c.codeLevels = [6, 7, 8]
    let items = try ShortAnswerCorpus.build(c, report: { _ in })
    #expect(items.count == 30)
    for it in items {
      let r = try #require(it["response"]?.string)
      let m = try #require(r.firstMatch(of: /^ ([a-z_]+\(.*?\) == .+?, so [a-z]+ = .+\.) <\/think>\n<answer> ```\n(def .+)``` <\/answer>$/.dotMatchesNewlines()), "\(r)")
      #expect(["6", "7", "8"].contains(it["difficulty"]?.string ?? ""))
      #expect(m.output.2.hasPrefix("def "))
    }
    c.codeLevels = nil
    let plain = try ShortAnswerCorpus.build(c, report: { _ in })
    #expect(plain.allSatisfy { ($0["response"]?.string ?? "").hasPrefix(" </think>") && Int($0["difficulty"]?.string ?? "") ?? 9 <= 5 })
    var cfg = PretrainConfig()
    cfg.corpus.codeLevels = [6, 9]
    #expect(throws: TrainingError.badConfig("corpus.codeLevels: level 9 is not in 1...8")) { try cfg.validate() }
    cfg.corpus.codeLevels = []
    #expect(throws: TrainingError.badConfig("corpus.codeLevels is empty; leave it out for levels 1-5")) { try cfg.validate() }
  }
}

extension PretrainConfigTests {
  /// `corpus.choiceWorked = scan`: the think names the value, then each option from A in the
  /// prompt's order beside the value, "no" until the correct one, "yes" there and nothing after; the
  /// verifier accepts the answer. The default stays `lookup` so that older configs make the same bytes.
  @Test func workedChoiceScanWalksTheOptionsToTheMatch() throws {
    var c = CorpusConfig(counts: DomainCounts(kk: 0, arith: 0, code: 0, choice: 40, math: 0))
    #expect(c.choiceWorked == .lookup)
    c.worked = ["choice": 1.0]
    c.choiceWorked = .scan
    let items = try ShortAnswerCorpus.build(c, report: { _ in })
    #expect(items.count == 40)
    var positions = Set<Int>()
    for it in items {
      let p = try #require(it["prompt"]?.string), r = try #require(it["response"]?.string)
      let m = try #require(r.firstMatch(of: /^ (.+?)\. (.+)\. <\/think>\n<answer> \(([A-J])\) <\/answer>$/))
      let value = String(m.output.1), gold = Character(String(m.output.3))
      let entries = m.output.2.split(separator: ", ", omittingEmptySubsequences: false).map(String.init)
      let goldIndex = try #require(ChoiceDomain.letters.firstIndex(of: gold))
      #expect(entries.count == goldIndex + 1)
      positions.insert(goldIndex)
      for (j, e) in entries.enumerated() {
        let letter = ChoiceDomain.letters[j]
        let verdict = j == goldIndex ? "yes" : "no"
        let em = try #require(e.firstMatch(of: /^([A-J]) (.+) vs (.+) (yes|no)$/), "entry \(e)")
        #expect(em.output.1 == String(letter) && em.output.3 == value && em.output.4 == verdict)
        // Each entry's option is the prompt's option under that letter.
        #expect(p.contains("\n\(letter). \(em.output.2)\n"))
        #expect((em.output.2 == value) == (j == goldIndex))
      }
    }
    // Not one answer position: the scan length varies with it.
    #expect(positions.count > 3)
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

  /// `init`: a run continued from a finished model keeps its tokenizer byte for byte and starts from
  /// its weights (it ends below the same run from random weights); a
  /// shape that differs from the init folder's is refused, naming the key and both values.
  @Test func continuedPretrainingStartsFromTheInitModel() throws {
    let dir = tempDir("pretrain-init")
    defer { FS.remove(dir) }
    let tiny = ["corpus.counts={\"kk\": 10, \"arith\": 10, \"code\": 0, \"choice\": 6, \"math\": 0}", "corpus.kkPeople=[3]",
                "corpus.drills=8", "corpus.drillKinds=[\"fact\"]",
                "tokenizer.vocabSize=320", "arch.hiddenSize=32", "arch.numHiddenLayers=1", "arch.numAttentionHeads=2",
                "arch.numKeyValueHeads=1", "arch.intermediateSize=64", "arch.maxPositionEmbeddings=512",
                "train.batchSize=4", "train.maxLength=512", "train.evalEvery=1000", "heldOut=2",
                "run.root=\(dir)", "run.checkpointEvery=1000", "run.progressInterval=1e9"]
    let a = try PretrainStage.run(configFile: nil, overrides: tiny + ["run.name=a", "output=\(dir)/out-a"], resume: false)
    #expect(a["status"]?.string == "finished")
    let b = try PretrainStage.run(configFile: nil, overrides: tiny + ["run.name=b", "output=\(dir)/out-b", "init=\(dir)/out-a",
                                                                      "corpus.seed=5"], resume: false)
    #expect(b["status"]?.string == "finished")
    #expect(try FileBytes(path: dir + "/out-a/tokenizer.json").bytes == FileBytes(path: dir + "/out-b/tokenizer.json").bytes)
    // The same corpus from random weights ends higher: b started where a had got to.
    let c = try PretrainStage.run(configFile: nil, overrides: tiny + ["run.name=c", "output=\(dir)/out-c", "corpus.seed=5"], resume: false)
    let lossB = try #require(b["final_held_out_loss"]?.double), lossC = try #require(c["final_held_out_loss"]?.double)
    #expect(lossB < lossC, "held-out loss with init \(lossB), from random weights \(lossC)")
    #expect(throws: TrainingError.badConfig("init \"\(dir)/out-a\": arch.hiddenSize is 64 but \(dir)/out-a/config.json has 32")) {
      _ = try PretrainStage.run(configFile: nil, overrides: tiny + ["run.name=d", "output=\(dir)/out-d", "init=\(dir)/out-a",
                                                                    "arch.hiddenSize=64"], resume: false)
    }
  }
}
