// The train pool's limits and checks: at most 100 examples unless overridden, no empty pool, every
// record usable (its line named when not), config values in range.
import JSON
import Puzzles
import Testing
import TestSupport
import Training
@testable import RLVR

@Suite struct PoolTests {
  /// The first `n` K&K records of the committed train file, with `extra` inserted as line 3.
  func kkFile(_ n: Int, extra: String? = nil) throws -> String {
    let dir = tempDir("pool")
    var lines: [String] = []
    try JSONLReader(path: "puzzles/kk-train.jsonl").forEach { _, v in if lines.count < n { lines.append(v.serialized()) } }
    if let extra { lines.insert(extra, at: min(2, lines.count)) }
    try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: dir + "/kk.jsonl")
    return dir + "/kk.jsonl"
  }

  func message(_ body: () throws -> Void) -> String {
    do { try body(); return "<accepted>" } catch { return "\(error)" }
  }

  @Test func hundredIsTheLimitAndTheMessageNamesTheOverride() throws {
    let f = try kkFile(101)
    let m = message { _ = try RLVRStage.loadPool(RLVRDataConfig(domain: .kk, train: f, limit: 0)) }
    #expect(m.contains("101") && m.contains("100") && m.contains("allowLargePool") && m.contains(f), "got: \(m)")
    #expect(try RLVRStage.loadPool(RLVRDataConfig(domain: .kk, train: f, limit: 100)).input.records.count == 100)
    #expect(try RLVRStage.loadPool(RLVRDataConfig(domain: .kk, train: f, limit: 0, allowLargePool: true)).input.records.count == 101)
  }

  @Test func emptyAndUnusableRecordsAreRefusedWithTheirLine() throws {
    let empty = tempDir("empty") + "/e.jsonl"
    try AtomicFile.write("", to: empty)
    let m0 = message { _ = try RLVRStage.loadPool(RLVRDataConfig(domain: .kk, train: empty)) }
    #expect(m0.contains(empty) && m0.contains("no records"), "got: \(m0)")
    // Line 3: a K&K record whose gold solution has the wrong number of roles.
    let bad = #"{"quiz":"q","names":["A","B"],"solution":[true]}"#
    let f = try kkFile(5, extra: bad)
    let m1 = message { _ = try RLVRStage.loadPool(RLVRDataConfig(domain: .kk, train: f)) }
    #expect(m1.contains(f) && m1.contains("3"), "got: \(m1)")
    // Line 3: a record without a quiz cannot be posed.
    let f2 = try kkFile(5, extra: #"{"names":["A","B"],"solution":[true,false]}"#)
    let m2 = message { _ = try RLVRStage.loadPool(RLVRDataConfig(domain: .kk, train: f2)) }
    #expect(m2.contains(f2) && m2.contains("3") && m2.contains("quiz"), "got: \(m2)")
  }

  @Test func configValuesOutOfRangeNameTheirKey() {
    func refused(_ mutate: (inout RLVRConfig) -> Void, _ key: String) {
      var c = RLVRConfig()
      mutate(&c)
      let m = message { try c.validate() }
      #expect(m.contains(key), "expected a message naming \(key), got: \(m)")
    }
    refused({ $0.rollout.samplesPerPrompt = 0 }, "rollout.samplesPerPrompt")
    refused({ $0.rollout.temperature = .nan }, "rollout.temperature")
    refused({ $0.algo.epsLow = 1 }, "algo.epsLow")
    refused({ $0.algo.beta = -1 }, "algo.beta")
    refused({ $0.algo.resetReferenceEvery = 5 }, "algo.resetReferenceEvery")
    refused({ $0.algo.innerUpdates = 0 }, "algo.innerUpdates")
    refused({ $0.reward.formatWeight = .infinity }, "reward.formatWeight")
    refused({ $0.rollout.stop = [""] }, "rollout.stop")
    refused({ $0.optim.maxGradNorm = .nan }, "maxGradNorm")
  }

  /// The stage end to end on the embedded base and the public MATH train file: a prompt longer than
  /// the model's 1,536 positions with 528 new tokens (1,008 prompt tokens, the limit this test had
  /// at 1,024 positions and 16 new tokens) stops the run naming its line, or is skipped and counted.
  @Test func promptsOverThePositionLimitStopOrAreSkipped() throws {
    let root = tempDir("toolong")
    let common = ["model.path=models/base", "data.domain=math", "data.train=../shared/data/math/math_train.json", "run.root=\(root)",
                  "train.steps=1", "rollout.promptsPerStep=1", "rollout.samplesPerPrompt=2", "rollout.maxNewTokens=528",
                  "run.progressInterval=1000"]
    let m = message { _ = try RLVRStage.run(configFile: "stages/rlvr.json", overrides: common + ["run.name=stop"], resume: false) }
    #expect(m.contains("math_train.json line 75") && m.contains("max_position_embeddings 1536") && m.contains("tooLong"), "got: \(m)")
    let s = try RLVRStage.run(configFile: "stages/rlvr.json", overrides: common + ["run.name=skip", "data.tooLong=skip"], resume: false)
    #expect(s["pool_skipped_too_long"]?.int == 1 && s["pool_examples"]?.int == 99 && s["status"]?.string == "finished")
  }
}
