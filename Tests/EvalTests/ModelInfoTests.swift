import Testing
import TestSupport
import Foundation
import JSON
import Puzzles
@testable import Eval

let tinyModel = Fixtures.fixture("tiny-qwen2")

@Test func configHashCoversConfigAndWeightSizes() throws {
  let a = try ModelInfo(dir: tinyModel)
  #expect(a.configHash.count == 16)
  #expect(try ModelInfo(dir: tinyModel) == a)
  // The bf16 twin has the same config but other weight sizes: another hash.
  #expect(try ModelInfo(dir: Fixtures.fixture("tiny-qwen2-bf16")).configHash != a.configHash)
  #expect(try ModelInfo.weightFiles(tinyModel) == ["model.safetensors"])
  #expect(throws: JSONError.self) { try ModelInfo(dir: "/nonexistent-model-dir") }
}

@Test func defaultSetsListWhatWasTried() throws {
  let root = tempPath("sets")
  try FileManager.default.createDirectory(atPath: root + "/arith", withIntermediateDirectories: true)
  try AtomicFile.write("{}\n", to: root + "/arith/test.jsonl")
  #expect(try EvalSets.defaultPath(domain: .arith, split: .test, root: root) == root + "/arith/test.jsonl")
  try AtomicFile.write("{}\n", to: root + "/arith-test.jsonl")  // the README's naming wins
  #expect(try EvalSets.defaultPath(domain: .arith, split: .test, root: root) == root + "/arith-test.jsonl")
  do {
    _ = try EvalSets.defaultPath(domain: .code, split: .test, root: root)
    Issue.record("expected an error")
  } catch let e as JSONError {
    #expect(e.message.contains(root + "/code-test.jsonl") && e.message.contains("--input"))
  }
}
