// The whole pipeline on the tiny fixture model (random weights: accuracy is ~0 and not checked; the
// point is that real prompts, the batched generator, the verifiers and the result format fit
// together, deterministically).
import Testing
import Foundation
import JSON
import Model
import Puzzles
@testable import Eval

let kkPublic = "/work/shared/data/kk/logic-rl/3ppl/test.jsonl"

func arithRecords() throws -> String {
  let path = tempPath("arith-e2e.jsonl")
  let w = try JSONLWriter(path: path)
  for r in try ArithDomain().generate(split: .test, count: 3, seed: 11, difficulty: nil) { try w.write(r) }
  try w.finish()
  return path
}

func tinyEval(engine: ModelEngine, batchRows: Int, slots: Int, samplesOut: String) throws -> EvalResult {
  engine.maxRows = slots
  let sampling = Sampling(samples: 2, temperature: 1, topP: 0.95, maxNewTokens: 12)
  var ev = Evaluator(engine: engine, options: EvalOptions(sampling: sampling, seed: 5, format: .r1Base, batchRows: batchRows))
  let w = try JSONLWriter(path: samplesOut)
  ev.onSample = { try w.write($0) }
  let inputs = [try EvalInput.load(domain: .kk, path: kkPublic, limit: 3),
                try EvalInput.load(domain: .arith, path: try arithRecords())]
  let r = try ev.run(inputs, model: try ModelInfo(dir: tinyModel), command: "test")
  try w.finish()
  return r
}

@Test func endToEndOnTinyModelIsDeterministic() throws {
  let engine = try ModelEngine(modelDir: tinyModel)
  let s1 = tempPath("e2e-1.jsonl"), s2 = tempPath("e2e-2.jsonl")
  let a = try tinyEval(engine: engine, batchRows: 64, slots: 64, samplesOut: s1)
  // Other batching (2 rows per call, 3 KV slots, slots refilled as rows finish): rows are seeded one by
  // one, so nothing may change (see RowSeed on GEMM rounding; the tiny model is far from such ties).
  let b = try tinyEval(engine: engine, batchRows: 4, slots: 3, samplesOut: s2)
  #expect(try withoutTiming(a) == withoutTiming(b))
  #expect(try String(contentsOfFile: s1, encoding: .utf8) == String(contentsOfFile: s2, encoding: .utf8))

  #expect(a.domains.map(\.domain) == [.kk, .arith])
  let kk = a.domains[0], ar = a.domains[1]
  #expect(kk.records == 3 && kk.overall.n == 3 && kk.overall.samples == 2)
  #expect(kk.byDifficulty.map(\.difficulty) == ["3"])  // the 3ppl file: people count
  #expect(ar.overall.n == 3 && !ar.byDifficulty.isEmpty)
  #expect(kk.overall.passAtK.values.map(\.k) == [1, 2])
  let lines = try JSONLReader.readAll(s1)
  #expect(lines.count == 12)
  // Each completion's token count is bounded by the limit, and the aggregate agrees with the file.
  #expect(lines.allSatisfy { ($0["tokens"]?.int ?? 0) >= 1 && ($0["tokens"]?.int ?? 99) <= 12 })
  let truncated = lines.filter { $0["domain"]?.string == "kk" && $0["finish"]?.string == "length" }.count
  #expect(abs(kk.overall.truncatedRate - Double(truncated) / 6) < 1e-12)
  #expect(kk.generatedTokens + ar.generatedTokens == lines.reduce(0) { $0 + $1["tokens"]!.int! })
  #expect(kk.promptTokens + ar.promptTokens == lines.reduce(0) { $0 + $1["prompt_tokens"]!.int! })
  #expect(lines[0]["prompt_tokens"] == lines[1]["prompt_tokens"] && lines[0]["prompt_tokens"]!.int! > 50)
  // The K&K prompt is Logic-RL's base prompt around the quiz.
  let prompt = try #require(lines[0]["prompt"]?.string)
  #expect(prompt.hasSuffix("Assistant: <think>") && prompt.contains("knights and knaves"))
}

@Test func vocabularySmallerThanTokenizerIsRefused() throws {
  let dir = tempPath("vocab-model")
  try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
  for f in ["tokenizer.json", "tokenizer_config.json", "model.safetensors"] {
    try? FileManager.default.removeItem(atPath: dir + "/" + f)
    try FileManager.default.copyItem(atPath: tinyModel + "/" + f, toPath: dir + "/" + f)
  }
  guard case .object(var config) = try JSON.read(file: tinyModel + "/config.json") else { Issue.record("config"); return }
  config["vocab_size"] = 256
  try JSON.object(config).write(file: dir + "/config.json")
  #expect(throws: EvalError.vocabMismatch(modelDir: dir, modelVocab: 256, tokenizerVocab: 512)) {
    try ModelEngine(modelDir: dir)
  }
  #expect("\(EvalError.vocabMismatch(modelDir: dir, modelVocab: 256, tokenizerVocab: 512))".contains("256"))
}
