import Testing
@testable import Puzzles

@Suite struct RewardsTests {
  let ok = Verdict(formatOK: true, status: .correct, parsed: "x")
  let wrong = Verdict(formatOK: true, status: .wrong, parsed: "y")
  let unparseable = Verdict(formatOK: true, status: .unparseable, parsed: nil)
  let badFormat = Verdict(formatOK: false, status: .correct, parsed: "x")

  @Test func logicRLScheme() {
    let c = RewardConfig(scheme: .logicRL)
    #expect(Rewards.score(ok, length: 10, config: c).total == 3)
    #expect(Rewards.score(wrong, length: 10, config: c).total == -0.5)
    #expect(Rewards.score(unparseable, length: 10, config: c).total == -1)
    // Format errors are not read further: -1 + -2.
    #expect(Rewards.score(badFormat, length: 10, config: c).total == -3)
  }

  @Test func warmupPaperAndBinary() {
    let w = RewardConfig(scheme: .warmupPaper)
    #expect([ok, wrong, unparseable, badFormat].map { Rewards.score($0, length: 1, config: w).total } == [2, -0.5, -1, -2])
    let b = RewardConfig(scheme: .binary)
    #expect([ok, wrong, unparseable, badFormat].map { Rewards.score($0, length: 1, config: b).total } == [1, 0, 0, 1])
  }

  @Test func cosineLengthMatchesOpenRSFormulaAndClamps() {
    let cfg = CosineLengthConfig()
    // Reference values of open-r1's formula with its defaults, computed by hand:
    // correct: 0.5 + 0.25 * (1 + cos(pi p)); wrong: -0.5 + 0.25 * (1 + cos(pi p)).
    // Tolerance 1e-12: cosPi is a 12-term series, exact to ~1e-15 on [0, 1].
    #expect(abs(Rewards.cosine(ok, length: 0, config: cfg) - 1.0) < 1e-12)
    #expect(abs(Rewards.cosine(ok, length: 500, config: cfg) - 0.75) < 1e-12)
    #expect(abs(Rewards.cosine(ok, length: 1000, config: cfg) - 0.5) < 1e-12)
    #expect(abs(Rewards.cosine(ok, length: 250, config: cfg) - (0.5 + 0.25 * (1 + 0.7071067811865476))) < 1e-12)
    #expect(abs(Rewards.cosine(wrong, length: 0, config: cfg) - 0.0) < 1e-12)
    #expect(abs(Rewards.cosine(wrong, length: 1000, config: cfg) - -0.5) < 1e-12)
    // Clamped: past maxLength stays at the end value (Open-RS would come back up).
    #expect(Rewards.cosine(ok, length: 5000, config: cfg) == Rewards.cosine(ok, length: 1000, config: cfg))
    #expect(Rewards.cosine(wrong, length: 1999, config: cfg) == Rewards.cosine(wrong, length: 1000, config: cfg))
  }

  @Test func weightsCombine() {
    let c = RewardConfig(scheme: .warmupPaper, schemeWeight: 0.5, cosineWeight: 2)
    let r = Rewards.score(ok, length: 1000, config: c)
    #expect(r.answer == 2 && abs(r.cosine - 0.5) < 1e-12)
    #expect(abs(r.total - (0.5 * 2 + 2 * 0.5)) < 1e-12)
    #expect(Rewards.score(ok, length: 0, config: RewardConfig()).cosine == 0)  // off by default
  }
}
