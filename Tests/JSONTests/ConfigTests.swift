import Testing
@testable import JSON

struct OptimConfig: Codable, Equatable {
  var lr: Double = 1e-5
  var betas: [Double] = [0.9, 0.999]
}
struct StageConfig: Codable, Equatable {
  var name: String = "warmup"
  var steps: Int = 100
  var seed: UInt64 = 0
  var resumeFrom: String? = nil
  var optim = OptimConfig()
}

@Suite struct ConfigTests {
  @Test func defaultsThenFileThenOverrides() throws {
    let p = tempPath("stage.json")
    try AtomicFile.write("""
    {
      // fewer steps for the test
      "steps": 7,
      "optim": { "lr": 3e-4 } /* betas stay default */
    }
    """, to: p)
    let (cfg, resolved) = try Config.load(StageConfig.self, defaults: StageConfig(), file: p,
                                          overrides: ["optim.lr=0.001", "name=run-a", "resumeFrom=x"])
    #expect(cfg.steps == 7)
    #expect(cfg.optim.lr == 0.001)
    #expect(cfg.optim.betas == [0.9, 0.999])
    #expect(cfg.name == "run-a")
    #expect(cfg.resumeFrom == "x")
    #expect(try resolved.decode(StageConfig.self) == cfg)
  }

  @Test func unknownKeyNamesFileLinePathAndValidKeys() throws {
    let p = tempPath("bad.json")
    try AtomicFile.write("{\n  \"steps\": 7,\n  \"optim\": {\n    \"lrr\": 1\n  }\n}\n", to: p)
    let e = try #require(throws: JSONError.self) {
      try Config.load(StageConfig.self, defaults: StageConfig(), file: p)
    }
    #expect(e.source == p)
    #expect(e.line == 4)
    #expect(e.path == "optim.lrr")
    #expect(e.message.contains("valid keys: betas, lr"))
  }

  @Test func wrongTypeNamesKeyPath() throws {
    let p = tempPath("type.json")
    try AtomicFile.write("{\"optim\": {\"betas\": [0.9, \"x\"]}}", to: p)
    let e = try #require(throws: JSONError.self) {
      try Config.load(StageConfig.self, defaults: StageConfig(), file: p)
    }
    #expect(e.path == "optim.betas[1]")
    #expect(e.message.contains("expected a number"))
  }

  @Test func unknownOverrideKeyIsRejected() throws {
    let e = try #require(throws: JSONError.self) {
      try Config.load(StageConfig.self, defaults: StageConfig(), file: nil, overrides: ["stepz=3"])
    }
    #expect(e.message.contains("unknown key 'stepz'"))
  }

  @Test func negativeForUnsignedIsAnError() throws {
    #expect(throws: JSONError.self) {
      try Config.load(StageConfig.self, defaults: StageConfig(), file: nil, overrides: ["seed=-1"])
    }
  }
}
