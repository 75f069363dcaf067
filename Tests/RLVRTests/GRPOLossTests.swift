// The GRPO loss against hand-computed cases (each aggregation, both ratio levels, clipping, k3 KL,
// entropy) and its gradient against central finite differences of the loss itself.
import Testing
@testable import RLVR

@Suite struct GRPOLossTests {
  let plain = SurrogateSettings(epsLow: 0.2, epsHigh: 0.28, ratioLevel: .token, beta: 0, entropyCoef: 0)

  @Test func advantagesByScaling() {
    let r = [1.0, 0.0, 0.0, 0.0, 2.0, 2.0, 2.0, 2.0]
    // Group 1: mean 0.25, sample std sqrt(0.25) = 0.5 (Bessel: sum of squares 0.75 / 3).
    let none = GRPOLoss.advantages(r, groupSize: 4, scaling: .none)
    #expect(none == [0.75, -0.25, -0.25, -0.25, 0, 0, 0, 0])
    let group = GRPOLoss.advantages(r, groupSize: 4, scaling: .group)
    #expect(abs(group[0] - 0.75 / (0.5 + 1e-4)) < 1e-12)  // exact arithmetic up to rounding
    #expect(group[4...].allSatisfy { $0 == 0 })
    let batch = GRPOLoss.advantages(r, groupSize: 4, scaling: .batch)
    let s = GRPOLoss.std(r)
    #expect(abs(batch[1] - (-0.25 / (s + 1e-4))) < 1e-12)
    #expect(GRPOLoss.zeroSignal(r[4...]) && !GRPOLoss.zeroSignal(r[0..<4]))
  }

  @Test func aggregationWeights() {
    let lengths = [2, 4, 3], inc = [true, true, false]
    let seq = GRPOLoss.weights(lengths: lengths, included: inc, aggregation: .seqMeanTokenMean, constantNormalizer: 10)
    #expect(seq[0] == [0.25, 0.25] && seq[1] == [0.125, 0.125, 0.125, 0.125] && seq[2] == [0, 0, 0])
    let tok = GRPOLoss.weights(lengths: lengths, included: inc, aggregation: .tokenMean, constantNormalizer: 10)
    #expect(tok[0] == [1.0 / 6, 1.0 / 6] && tok[1].allSatisfy { $0 == 1.0 / 6 })
    let c = GRPOLoss.weights(lengths: lengths, included: inc, aggregation: .constant, constantNormalizer: 10)
    #expect(c[0] == [0.05, 0.05] && c[1].allSatisfy { $0 == 0.05 })  // 1 / (B=2 * L=10)
  }

  @Test func ratioOneGivesMinusAdvantage() {
    // mu = 1: lp == old, so rho = 1: loss = -A Σ w, gradient -A w per token (the REINFORCE gradient).
    let s = SequenceTerms(logprobs: [-1, -2, -0.5], old: [-1, -2, -0.5], ref: nil, entropy: nil, advantage: 0.5, weights: [0.1, 0.1, 0.1])
    let l = GRPOLoss.sequence(s, plain)
    #expect(abs(l.loss - (-0.15)) < 1e-12)
    #expect(l.dlogprobs.allSatisfy { abs($0 - (-0.05)) < 1e-7 })
    #expect(l.clippedLow == 0 && l.clippedHigh == 0 && l.tokens == 3)
  }

  @Test func tokenClippingHandComputed() {
    // Token 0: rho = e^0.5 = 1.6487 > 1.28 with A > 0: clipped, loss -1.28 A, no gradient.
    // Token 1: rho = e^-0.5 = 0.6065, A > 0: unclipped (min picks rho A), gradient -A rho.
    let A = 2.0
    let s = SequenceTerms(logprobs: [-0.5, -1.5], old: [-1, -1], ref: nil, entropy: nil, advantage: A, weights: [1, 1])
    let l = GRPOLoss.sequence(s, plain)
    let r1 = 0.6065306597126334
    #expect(abs(l.loss - (-(1.28 * A) - r1 * A)) < 1e-9)
    #expect(l.dlogprobs[0] == 0)
    #expect(abs(Double(l.dlogprobs[1]) - (-A * r1)) < 1e-6)
    #expect(l.clippedHigh == 1 && l.clippedLow == 0)
    // Negative advantage: token 1 (rho 0.6065 < 0.8) is clipped low, token 0 (rho 1.65) is not.
    let n = GRPOLoss.sequence(SequenceTerms(logprobs: [-0.5, -1.5], old: [-1, -1], ref: nil, entropy: nil, advantage: -1, weights: [1, 1]), plain)
    #expect(n.clippedLow == 1 && n.clippedHigh == 0)
    #expect(n.dlogprobs[1] == 0 && abs(Double(n.dlogprobs[0]) - 1.6487212707001282) < 1e-6)
    #expect(abs(n.loss - (1.6487212707001282 + 0.8)) < 1e-9)
  }

  @Test func sequenceRatioHandComputed() {
    // s = exp(mean(lp - old)) = exp((0.1 - 0.3) / 2) = e^-0.1; A = 1, weights 0.5 each (W = 1).
    let cfg = SurrogateSettings(epsLow: 0.2, epsHigh: 0.2, ratioLevel: .sequence, beta: 0, entropyCoef: 0)
    let s = SequenceTerms(logprobs: [-0.9, -1.3], old: [-1, -1], ref: nil, entropy: nil, advantage: 1, weights: [0.5, 0.5])
    let l = GRPOLoss.sequence(s, cfg)
    let sr = 0.9048374180359595
    // The log-probs are Float: -0.9 and -1.3 round by up to 3e-8, which moves s by as much.
    #expect(abs(l.loss - (-sr)) < 1e-7)
    // d/dlp_t of W * -(s A) = -W A s / |y| = -0.5 s
    #expect(l.dlogprobs.allSatisfy { abs(Double($0) - (-0.5 * sr)) < 1e-6 })
  }

  @Test func k3MatchesItsFormula() {
    for (lp, ref) in [(-1.0, -1.0), (-1.0, -2.0), (-2.5, -0.3), (-0.1, -4.0)] {
      let k = GRPOLoss.k3(logprob: lp, ref: ref)
      let want = _exp(ref - lp) - (ref - lp) - 1
      #expect(abs(k.value - want) < 1e-12 && k.value >= 0)
      // Central difference of the value, step 1e-6: error O(h^2) ~ 1e-12 times the third derivative.
      let h = 1e-6
      let fd = (GRPOLoss.k3(logprob: lp + h, ref: ref).value - GRPOLoss.k3(logprob: lp - h, ref: ref).value) / (2 * h)
      #expect(abs(k.dlogprob - fd) < 1e-6)
    }
    #expect(GRPOLoss.k3(logprob: -1, ref: -1).value == 0)
  }

  /// The loss as a function of the log-probs, in Double, for finite differences.
  func lossOf(_ lp: [Double], _ base: SequenceTerms, _ cfg: SurrogateSettings) -> Double {
    var s = base
    s.logprobs = lp.map { Float($0) }
    return GRPOLoss.sequence(s, cfg).loss
  }

  @Test(arguments: [RatioLevel.token, .sequence], [0.0, 0.05])
  func gradientMatchesFiniteDifferences(level: RatioLevel, beta: Double) {
    let cfg = SurrogateSettings(epsLow: 0.2, epsHigh: 0.28, ratioLevel: level, beta: beta, entropyCoef: 0)
    // Ratios inside the clip range (no kink within h) so the loss is smooth where it is differentiated.
    let lp: [Double] = [-1.0, -0.75, -2.0, -0.5]
    let old: [Float] = [-1.05, -0.7, -2.1, -0.45]
    for (A, w) in [(0.7, [0.25, 0.25, 0.25, 0.25]), (-1.3, [0.1, 0.2, 0.3, 0.4])] {
      let base = SequenceTerms(logprobs: lp.map { Float($0) }, old: old, ref: [-1.5, -0.5, -2.2, -1.0],
                               entropy: nil, advantage: A, weights: w)
      let g = GRPOLoss.sequence(base, cfg).dlogprobs
      for t in lp.indices {
        // Step 1e-3 on Float-rounded inputs: fp32 rounding of lp (~6e-8) over 2h gives ~3e-5 error.
        let h = 1e-3
        var up = lp, dn = lp
        up[t] += h; dn[t] -= h
        let fd = (lossOf(up, base, cfg) - lossOf(dn, base, cfg)) / (2 * h)
        #expect(abs(Double(g[t]) - fd) < 2e-4, "\(level) beta \(beta) A \(A) token \(t): analytic \(g[t]) vs fd \(fd)")
      }
    }
  }

  @Test func entropyBonus() {
    let cfg = SurrogateSettings(epsLow: 0.2, epsHigh: 0.2, ratioLevel: .token, beta: 0, entropyCoef: 0.01)
    let s = SequenceTerms(logprobs: [-1, -1], old: [-1, -1], ref: nil, entropy: [2, 3], advantage: 0, weights: [0.5, 0.5])
    let l = GRPOLoss.sequence(s, cfg)
    #expect(abs(l.loss - (-0.01 * 2.5)) < 1e-12)
    #expect(l.dentropy == [-0.005, -0.005])
    #expect(abs(l.entropy - 2.5) < 1e-12)
  }
}

