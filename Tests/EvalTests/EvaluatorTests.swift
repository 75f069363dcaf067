import Testing
import Foundation
import JSON
import Puzzles
@testable import Eval

func tempPath(_ name: String) -> String {
  NSTemporaryDirectory() + "evaltests-\(getpid())-\(name)"
}

func writeRecords(_ name: String, count: Int) throws -> String {
  let path = tempPath(name)
  var text = ""
  for i in 0..<count {
    let r: JSON = ["question": .string("q\(i)"), "answer": .string(String(i % 3 + 1)), "difficulty": .int(i % 2 + 1)]
    text += r.serialized() + "\n"
  }
  try AtomicFile.write(text, to: path)
  return path
}

func runEval(path: String, seed: UInt64, batchRows: Int = 64, samples: Int = 4, samplesOut: String? = nil) throws -> (EvalResult, ScriptedEngine) {
  let engine = ScriptedEngine()
  var ev = Evaluator(engine: engine, options: EvalOptions(sampling: Sampling(samples: samples, temperature: 0.7, maxNewTokens: 40), seed: seed, batchRows: batchRows))
  let writer = try samplesOut.map { try JSONLWriter(path: $0) }
  if let writer { ev.onSample = { try writer.write($0) } }
  let input = try EvalInput.load(spec: TagDomain(), path: path)
  let result = try ev.run([input], model: ModelInfo(dir: "m", configHash: "0"), command: "warmrl eval test")
  try writer?.finish()
  return (result, engine)
}

func withoutTiming(_ r: EvalResult) throws -> String {
  var r = r
  r.timing = Timing(wallSeconds: 0, tokensPerSecond: 0)
  return try r.serialized()
}

@Test func resultIsByteIdenticalForTheSameSeed() throws {
  let path = try writeRecords("det.jsonl", count: 9)
  let (a, _) = try runEval(path: path, seed: 7)
  let (b, _) = try runEval(path: path, seed: 7, batchRows: 5)  // other batching, same rows
  #expect(try withoutTiming(a) == withoutTiming(b))
  let (c, _) = try runEval(path: path, seed: 8)
  #expect(try withoutTiming(a) != withoutTiming(c))
  // Round trip through the file format.
  let out = tempPath("det.json")
  try AtomicFile.write(try a.serialized(), to: out)
  #expect(try EvalResult.load(file: out) == a)
}

@Test func pipelineAggregatesWhatTheVerifierSaid() throws {
  let path = try writeRecords("pipe.jsonl", count: 6)
  let samplesPath = tempPath("pipe-samples.jsonl")
  let (r, engine) = try runEval(path: path, seed: 3, batchRows: 8, samplesOut: samplesPath)
  // 8 rows per batch / k=4 -> 2 questions per engine call, 3 calls.
  #expect(engine.batches.map(\.count) == [8, 8, 8])
  let d = try #require(r.domains.first)
  #expect(d.records == 6 && d.overall.n == 6 && d.overall.samples == 4)
  #expect(d.byDifficulty.map(\.difficulty) == ["1", "2"])
  #expect(d.byDifficulty.map(\.stats.n) == [3, 3])
  // Recompute pass@1 from the samples file, independently of the aggregation code.
  let lines = try JSONLReader.readAll(samplesPath)
  #expect(lines.count == 24)
  let correct = lines.count(where: { $0["status"]?.string == "correct" })
  #expect(abs(d.overall.pass1 - Double(correct) / 24) < 1e-12)
  let unparsed = lines.count(where: { $0["status"]?.string == "unparseable" })
  #expect(abs(d.overall.formatErrorRate - Double(unparsed) / 24) < 1e-12)
  #expect(d.generatedTokens == lines.reduce(0) { $0 + $1["tokens"]!.int! })
  #expect(lines[5]["question"]?.int == 1 && lines[5]["sample"]?.int == 1 && lines[5]["line"]?.int == 2)
}

@Test func progressEstimatesFromRowsOrTokenBudget() {
  // 10 rows x 100 tokens: 250 tokens generated, no row finished -> 25% done; 10 s so far -> 30 s left.
  var p = EvalProgress(domain: .arith, questionsDone: 0, questionsTotal: 5, correctSamples: 0, samplesDone: 0,
                       tokens: 250, rowsDone: 0, rowsTotal: 10, maxNewTokens: 100, elapsedSeconds: 10)
  #expect(p.fractionDone == 0.25 && p.etaSeconds == 30)
  p.rowsDone = 5  // half the rows done says more than the tokens
  #expect(p.fractionDone == 0.5 && p.etaSeconds == 10)
  p.rowsDone = 0; p.tokens = 0
  #expect(p.etaSeconds == nil)
}

@Test func greedyForcesOneSample() throws {
  let path = try writeRecords("greedy.jsonl", count: 3)
  let engine = ScriptedEngine()
  let ev = Evaluator(engine: engine, options: EvalOptions(sampling: Sampling(samples: 8, temperature: 0), seed: 1))
  let r = try ev.run([try EvalInput.load(spec: TagDomain(), path: path)], model: ModelInfo(dir: "m", configHash: "0"), command: "c")
  #expect(r.sampling.samples == 1 && r.domains[0].overall.samples == 1)
  #expect(engine.batches.map(\.count) == [3])
}

@Test func badInputsAreRefusedWithFileLineAndField() throws {
  let path = tempPath("bad.jsonl")
  try AtomicFile.write("{\"question\": \"a\", \"answer\": \"1\"}\n{\"question\": \"b\"}\n", to: path)
  do {
    _ = try EvalInput.load(spec: TagDomain(), path: path)
    Issue.record("expected an error")
  } catch let e as JSONError {
    #expect(e.line == 2 && e.source == path)
    #expect(e.message.contains("'answer'"))
  }
  let good = try writeRecords("limit.jsonl", count: 3)
  #expect(throws: JSONError.self) { try EvalInput.load(spec: TagDomain(), path: good, limit: 4) }
  #expect(try EvalInput.load(spec: TagDomain(), path: good, limit: 2).records.count == 2)
  // JSON array files (AIME/AMC) are read too; lines are 1-based element indices.
  let arr = tempPath("arr.json")
  try AtomicFile.write("[{\"question\": \"a\", \"answer\": \"1\"}, {\"question\": \"b\", \"answer\": \"2\"}]", to: arr)
  let inp = try EvalInput.load(spec: TagDomain(), path: arr)
  #expect(inp.records.count == 2 && inp.lines == [1, 2])
}

@Test func tableHasOneRowPerDifficultyAndTotal() throws {
  let path = try writeRecords("table.jsonl", count: 4)
  let (r, _) = try runEval(path: path, seed: 1)
  let lines = r.table().split(separator: "\n")
  // 2 header lines, column header, rule, difficulties 1 and 2, total; the baselines block (title,
  // column header, model, shuffled, the comparison line); timing line.
  #expect(lines.count == 13)
  #expect(lines[2].hasPrefix("domain") && lines[2].contains("pass@4") && lines[2].contains("maj@k"))
  #expect(lines[2].contains("pass@1  base  pass@2"))
  #expect(lines[6].hasPrefix("arith   all"))
  #expect(lines[7].hasPrefix("baselines") && lines[10].contains("shuffled") && lines[11].hasPrefix("arith: model"))
}

@Test func settingsAreCheckedWithClearMessages() throws {
  #expect(try EvalSettings.domains(["kk", "arith"]) == [.kk, .arith])
  func message(_ body: () throws -> Void) -> String {
    do { try body(); return "" } catch { return "\(error)" }
  }
  #expect(message { _ = try EvalSettings.domains(["kk", "chess"]) } == "unknown domain 'chess' (valid: arith, code, choice, kk, math)")
  #expect(message { _ = try EvalSettings.domains([]) }.contains("valid: arith"))
  #expect(message { _ = try EvalSettings.format("chat") }.contains("r1Base, qwenChat"))
  #expect(message { try EvalSettings.check(Sampling(samples: 0, temperature: 1)) }.contains("--samples must be at least 1"))
  #expect(message { try EvalSettings.check(Sampling(samples: 1, temperature: -0.5)) }.contains("--temperature must be >= 0"))
  #expect(message { try EvalSettings.check(Sampling(samples: 1, temperature: 1, topP: 0)) }.contains("--top-p"))
  #expect(message { try EvalSettings.check(Sampling(samples: 1, temperature: 1), limit: 0) }.contains("--limit"))
  #expect(message { try EvalSettings.check(Sampling(samples: 4, temperature: 0.6)) } == "")
}
