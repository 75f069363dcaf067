// The stages' `model.compute` key: fp32 by default and when absent (configs written before it existed),
// "bf16" parsed, anything else refused with the key named.
import JSON
import Testing
@testable import Training

@Suite struct ComputeConfigTests {
  @Test func computeKeyParsesAndDefaults() throws {
    #expect(StageModelConfig().compute == .fp32)
    let bf = try JSON.parse(#"{"path": "m", "precision": "fp32", "saveDType": "bf16", "compute": "bf16"}"#)
      .decode(StageModelConfig.self, source: "test")
    #expect(bf.compute == .bf16)
    let old = try JSON.parse(#"{"path": "m", "precision": "bf16", "saveDType": "bf16"}"#).decode(StageModelConfig.self, source: "test")
    #expect(old.compute == .fp32 && old.precision == .bf16)
    #expect(throws: (any Error).self) {
      try JSON.parse(#"{"path": "m", "precision": "fp32", "saveDType": "bf16", "compute": "bf8"}"#).decode(StageModelConfig.self, source: "test")
    }
    // Through Config.load with an override, as a stage reads it.
    let (cfg, _) = try Config.load(StageModelConfig.self, defaults: StageModelConfig(), file: nil, overrides: ["compute=bf16"])
    #expect(cfg.compute == .bf16)
  }
}
