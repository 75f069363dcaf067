import JSON
import Testing
import TestSupport
import Training
#if canImport(Glibc)
import Glibc
#endif

@Suite struct ScheduleTests {
  @Test func constantWithWarmup() {
    let s = LRSchedule(kind: .constant, peak: 1e-3, warmupSteps: 4)
    // Linear ramp (step+1)/(warmup+1) then flat; exact ratios of doubles (tolerance 1e-15 relative).
    #expect(abs(s.rate(step: 0, total: 100) - 2e-4) < 1e-18)
    #expect(abs(s.rate(step: 3, total: 100) - 8e-4) < 1e-18)
    #expect(s.rate(step: 4, total: 100) == 1e-3)
    #expect(s.rate(step: 99, total: 100) == 1e-3)
  }

  @Test func cosineReachesFloor() {
    let s = LRSchedule(kind: .cosine, peak: 1.0, warmupSteps: 2, minRatio: 0.1)
    #expect(s.rate(step: 2, total: 12) == 1.0)
    // Halfway through the decay (step 2 + 4.5 of 9): floor + (1-floor)/2 = 0.55 (cos(pi/2) = 6e-17).
    let mid = LRSchedule(kind: .cosine, peak: 1.0, warmupSteps: 0, minRatio: 0.1).rate(step: 5, total: 11)
    #expect(abs(mid - 0.55) < 1e-12)
    #expect(abs(s.rate(step: 11, total: 12) - 0.1) < 1e-12)
    // Monotone non-increasing after the warmup.
    for i in 3..<12 { #expect(s.rate(step: i, total: 12) <= s.rate(step: i - 1, total: 12)) }
  }

  @Test func badValuesNameTheKey() {
    #expect(throws: TrainingError.badConfig("optim.schedule.peak must be in (0, 10], got -1.0")) {
      try LRSchedule(peak: -1).validate(prefix: "optim.schedule")
    }
    // Absurdly large values fail at once (they would otherwise run, or diverge, for hours).
    #expect(throws: TrainingError.badConfig("optim.schedule.peak must be in (0, 10], got 1e+300")) {
      try LRSchedule(peak: 1e300).validate(prefix: "optim.schedule")
    }
    #expect(throws: TrainingError.badConfig("train.epochs must be in 1...100000, got 1000000000000")) {
      try BatchConfig(epochs: 1_000_000_000_000).validate(prefix: "train")
    }
  }
}

@Suite struct CheckpointerTests {
  @Test func keepsNewestAndIgnoresPartial() throws {
    let dir = tempDir("ckpt")
    let c = try Checkpointer(root: dir + "/checkpoints", keep: 2)
    for s in [1, 2, 3] {
      try c.save(step: s) { d in try FS.makeDirectories(d); try AtomicFile.write("w\(s)", to: d + "/model.bin") }
    }
    #expect(c.steps == [2, 3])
    // A writer that fails mid-save leaves no trace and the older checkpoints intact.
    struct Boom: Error {}
    #expect(throws: Boom.self) {
      try c.save(step: 4) { d in try FS.makeDirectories(d); try AtomicFile.write("half", to: d + "/model.bin"); throw Boom() }
    }
    #expect(c.steps == [2, 3])
    #expect(try String(contentsOfFileAt: c.path(step: 3) + "/model.bin") == "w3")
    // A folder without the completion marker (as left by a kill before the rename) is not a checkpoint.
    try FS.makeDirectories(dir + "/checkpoints/step-9")
    #expect(c.steps == [2, 3])
    FS.remove(dir)
  }
  // kill -9 in the middle of a save: Tests/CLITests/KillTests.swift (a real `warmrl` process).
}

@Suite struct PlumbingTests {
  @Test func metricsLogTruncatesOnResume() throws {
    let dir = tempDir("metrics")
    let p = dir + "/metrics.jsonl"
    let m = try MetricsLog(path: p)
    for s in 1...5 { m.append(["step": .int(s), "loss": .double(Double(s))]) }
    m.close()
    // A torn last line, as a kill mid-write leaves.
    let f = fopen(p, "a"); fputs("{\"step\": 6, \"lo", f); fclose(f)
    let r = try MetricsLog(path: p, keepThroughStep: 3)
    r.close()
    #expect(try JSONLReader.readAll(p).map { $0["step"]!.int! } == [1, 2, 3])
    FS.remove(dir)
  }

  @Test func nanGuardNamesStep() {
    #expect(throws: TrainingError.nonFinite(step: 7, what: "training loss", value: .infinity, lastGoodCheckpoint: "runs/x/checkpoints/step-5")) {
      try checkFinite(.infinity, step: 7, what: "training loss", lastGood: "runs/x/checkpoints/step-5")
    }
    let e = TrainingError.nonFinite(step: 7, what: "training loss", value: .nan, lastGoodCheckpoint: "ck/step-5")
    #expect(e.description.contains("step 7") && e.description.contains("ck/step-5"))
  }

  @Test func svgPlotIsWellFormed() {
    let svg = SVGPlot.lines([SVGSeries(name: "train <loss>", points: [(1, 3.0), (2, 2.5), (3, 2.0)], color: "#000"),
                             SVGSeries(name: "held-out", points: [(3, 2.2)], color: "#f00")],
                            title: "Loss", xLabel: "step", yLabel: "nats")
    #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>\n"))
    #expect(svg.contains("<polyline") && svg.contains("<circle") && svg.contains("train &lt;loss&gt;"))
    #expect(svg == SVGPlot.lines([SVGSeries(name: "train <loss>", points: [(1, 3.0), (2, 2.5), (3, 2.0)], color: "#000"),
                                  SVGSeries(name: "held-out", points: [(3, 2.2)], color: "#f00")],
                                 title: "Loss", xLabel: "step", yLabel: "nats"))
  }

  @Test func formatting() {
    #expect(fmt(0.123456, 4) == "0.1235")
    #expect(sci(0.0001, 2) == "1.00e-04")
    #expect(ProgressLine.duration(3725) == "1h02m" && ProgressLine.duration(192) == "3m12s")
  }

  /// tok/s and the ETA follow the last minute's speed, not the run's average: 100 steps at 1 s, 100 at 10 s (another
  /// job on the cores), then 50 at 1 s again, 100 tokens a step. Hand-computed: at step 250 (t = 1150 s) the window's
  /// first mark is step 199's line (t = 1090 s), so 51 steps and 5,100 tokens in 60 s: 85 tok/s, ETA 50 x 60/51 =
  /// 58.8 s. The run's average (1150 s / 250 steps) would say 230 s ("3m50s").
  @Test func progressRateFollowsTheRecentSpeed() {
    final class Clock { var t = 0.0 }
    let clock = Clock()
    let progress = ProgressLine(label: "warmup", total: 300, interval: 2, window: 60, clock: { clock.t })
    var lines: [Int: String] = [:]
    func step(_ i: Int, seconds: Double) {
      clock.t += seconds
      if let l = progress.line(step: i, tokens: 100, fields: [("loss", "1")]) { lines[i] = l }
    }
    for i in 1...100 { step(i, seconds: 1) }
    // Steady speed: the window (step 39's line to step 99's, 60 s) gives the plain average: 201 steps left at 1 s.
    #expect(lines[99] == "warmup step 99/300 loss 1 | 100 tok/s | ETA 3m21s")
    for i in 101...200 { step(i, seconds: 10) }
    #expect(lines[200] == "warmup step 200/300 loss 1 | 10 tok/s | ETA 16m40s")
    for i in 201...250 { step(i, seconds: 1) }
    #expect(lines[250] == "warmup step 250/300 loss 1 | 85 tok/s | ETA 59s")
    // Lines come at most every 2 s (odd steps first, from step 1 at t = 1 s; even ones after the 10 s steps), and the
    // last step always prints.
    #expect(lines[249] == nil && lines[100] == nil)
    for i in 251...300 { step(i, seconds: 1) }
    #expect(lines[300] != nil && lines[300]!.hasSuffix("ETA 0s"))
    let quiet = ProgressLine(label: "x", total: 2, enabled: false, clock: { clock.t })
    #expect(quiet.line(step: 2, tokens: 1, fields: []) == nil)
  }
}
