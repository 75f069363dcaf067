// The benchmark harness without the CLI: a row's table line, JSON and median over repeated runs, and
// one SFT benchmark step at a tiny shape (the same calls as the SFT loop).
import Bench
import JSON
import Model
import Testing
import Training

@Suite struct BenchTests {
  @Test func rowFormatsAsTableLineAndJSON() {
    let r = BenchRow(kernel: "bf16_gemv", shape: "1M mlp_up 1x128->512", ours: 84.19, baseline: 56.06, unit: "GFLOP/s",
                     extra: [("ours_weights_GBps", 123.4)])
    #expect(r.text == "bf16_gemv  1M mlp_up 1x128->512  84.19  56.06 GFLOP/s  1.50x  ours_weights_GBps=123")
    let j = try? JSON.parse(r.json, source: "row")
    #expect(j?["kernel"]?.string == "bf16_gemv" && j?["ratio"]?.double == 1.502 && j?["ours_weights_GBps"]?.double == 123.4)
    #expect(BenchRow(kernel: "k", shape: "s", ours: 1, baseline: 0, unit: "u").ratio == 0)
    #expect(KernelBench.json(threads: 2, rows: [r]).hasPrefix("{\"threads\": 2, \"rows\": [{\"kernel\": \"bf16_gemv\""))
  }

  @Test func medianOfRunsKeepsTheRatioRange() {
    let runs = [1.0, 3.0, 2.0].map { BenchRow(kernel: "k", shape: "s", ours: $0, baseline: 1, unit: "u", extra: [("x", $0 * 10)]) }
    let m = BenchRow.median(runs)
    #expect(m.ours == 2 && m.baseline == 1 && m.ratio == 2)
    #expect(m.extra.map(\.0) == ["x", "ratio_min", "ratio_max", "runs"])
    #expect(m.extra.map(\.1) == [20, 1, 3, 3])
  }

  /// One timed step at a 2-layer, 32-wide shape: the figures are there and sensible.
  @Test func sftBenchRunsOneStepAtATinyShape() throws {
    let shape = Qwen2Config(hiddenSize: 32, numHiddenLayers: 2, numAttentionHeads: 2, numKeyValueHeads: 1,
                            intermediateSize: 64, vocabSize: 0, maxPositionEmbeddings: 16)
    let r = try SFTBench.run(shape: shape, vocab: 64, rows: 2, length: 16, steps: 1, precision: .fp32)
    #expect(r.tokensPerStep == 32 && r.stepSeconds.count == 1 && r.parameters > 0)
    #expect(r.bestTokensPerSecond > 0 && r.bestTokensPerSecond == r.medianTokensPerSecond)
  }
}

@Suite struct PeakRSSParsingTests {
  @Test func readsVmHWMWithOrWithoutSpacesAfterTheTab() {
    #expect(PeakRSS.megabytes(statusLine: "VmHWM:\t  1492000 kB") == 1492000.0 / 1024)
    #expect(PeakRSS.megabytes(statusLine: "VmHWM:\t10954808 kB") == 10954808.0 / 1024)  // 8 digits: no space (was read as 0)
  }
}
