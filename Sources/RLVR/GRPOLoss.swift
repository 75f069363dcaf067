// GRPO with verifiable rewards: the objective, written out (nanochat's RL script is the model for
// this page). Everything `stages/rlvr.json` can choose is named here with its config key.
//
// One step (GRPOTrainer.step):
//   1. Rollout. Draw P prompts (`rollout.promptsPerStep`) from the pool, in a seeded order that
//      visits every example once per epoch. Sample G completions per prompt
//      (`rollout.samplesPerPrompt`) at temperature T (`rollout.temperature`) from the current policy
//      with the batched KV-cache generator; the G rows of a prompt share one prefill.
//   2. Score. r_i = Σ_term weight_term * term(completion_i): the domain's verifier through the
//      configured scheme (`reward.scheme`: logicRL / warmupPaper / binary), an optional format term
//      (`reward.formatWeight`: 1 when the R1 tags are right) and Open-RS's cosine length term
//      (`reward.cosineWeight`). Control arms replace the verifier (`reward.control`: random = a seeded
//      coin per completion, formatOnly = the format term alone).
//   3. Advantage, per group of G: A_i = r_i - mean(r_group), divided by std(r_group) + 1e-4 when
//      `algo.scaleRewards` = group (GRPO, TRL's default), by the whole batch's std when = batch, not
//      at all when = none (the warmup paper, Dr. GRPO). std uses Bessel's correction, as TRL does.
//      Dynamic sampling (`algo.dynamicSampling`, DAPO): a group whose rewards all agree has A = 0 and
//      no policy gradient; such groups are dropped and the step refills from the pool, at most
//      `algo.maxRefillRounds` times. Their fraction is logged in every case (`frac_reward_zero_std`).
//   4. Update, `algo.innerUpdates` (mu) optimizer steps over the same rollouts. With
//      old log-probs lp_old from the policy that sampled (the first inner step's own forward) and
//      ratio rho_t = exp(lp_t - lp_old,t), the per-token surrogate is
//          l_t = -min(rho_t A, clip(rho_t, 1 - eps_low, 1 + eps_high) A)
//      (`algo.epsLow`, `algo.epsHigh`; eps_high > eps_low is DAPO's clip-higher). At sequence level
//      (`algo.ratioLevel` = sequence, GSPO) rho is one per completion, s_i = exp(mean_t(lp - lp_old)),
//      and every token of the completion carries l_i = -min(s_i A, clip(s_i) A).
//      KL to the frozen initial policy (`algo.beta`; beta = 0 loads no reference model), k3 estimator:
//          k3_t = exp(lp_ref - lp) - (lp_ref - lp) - 1   (>= 0, unbiased for KL(pi || pi_ref))
//      Entropy bonus (`algo.entropyCoef`): -c * H_t, H_t the entropy of the policy's next-token
//      distribution at t.
//      Per-token loss L_t = l_t + beta * k3_t - c * H_t, aggregated with weights w_t
//      (`algo.aggregation`):
//          seqMeanTokenMean (GRPO)      w_t = 1 / (B |y_i|)     mean over sequences of token means
//          tokenMean (DAPO)             w_t = 1 / Σ_i |y_i|     every token counts the same
//          constant (Dr. GRPO)          w_t = 1 / (B L)         L = `algo.constantNormalizer`, or the
//                                                               step's max completion length when 0
//      where B is the number of completions in the loss. `algo.maskTruncated` gives completions that
//      hit the length limit weight 0 (and leaves them out of B and Σ|y|).
//
// Why the loss sits near 0 while the gradient does not (TRL #2703): with mu = 1 the ratio is exactly
// 1 (lp_old is the same forward's lp, held constant), so l_t = -A_i and the loss is -Σ w_t A_i: a
// weighted mean of advantages that are centred per group, ~0 by construction (exactly 0 for
// seqMeanTokenMean). Its gradient is -Σ w_t A_i ∇lp_t, the REINFORCE gradient with a group baseline,
// which is not 0. Read `reward` and `grad_norm` to see learning, not `loss`.
//
// Gradients handed to the model (d loss / d lp_t; the model backpropagates them):
//   token ratio:    dl_t/dlp_t = -A rho_t when the unclipped branch is the min, else 0 (clipped:
//                   A > 0 and rho > 1 + eps_high, or A < 0 and rho < 1 - eps_low)
//   sequence ratio: dl_i/dlp_t = -A s_i / |y_i| when unclipped, else 0; times W_i = Σ_t w_t
//   k3:             dk3_t/dlp_t = 1 - exp(lp_ref - lp)
//   entropy:        d/dH_t = -c w_t (the model backpropagates through its softmax)

/// Where the importance ratio lives.
public enum RatioLevel: String, Codable, Sendable, CaseIterable {
  /// One ratio per token (GRPO, PPO).
  case token
  /// One ratio per completion, the geometric mean of its token ratios (GSPO).
  case sequence
}

/// How per-token losses are summed into the step's loss.
public enum LossAggregation: String, Codable, Sendable, CaseIterable {
  case seqMeanTokenMean, tokenMean, constant
}

/// How advantages are scaled after centring on the group mean.
public enum RewardScaling: String, Codable, Sendable, CaseIterable {
  case group, batch, none
}

/// The clipped-surrogate settings the loss needs.
public struct SurrogateSettings: Sendable, Equatable {
  public var epsLow: Double, epsHigh: Double
  public var ratioLevel: RatioLevel
  public var beta: Double
  public var entropyCoef: Double
  public init(epsLow: Double, epsHigh: Double, ratioLevel: RatioLevel, beta: Double, entropyCoef: Double) {
    self.epsLow = epsLow; self.epsHigh = epsHigh; self.ratioLevel = ratioLevel; self.beta = beta; self.entropyCoef = entropyCoef
  }
}

/// One completion's tokens as the loss sees them (completion positions only).
public struct SequenceTerms {
  public var logprobs: [Float]
  public var old: [Float]
  /// Reference-model log-probs (needed when beta > 0).
  public var ref: [Float]?
  public var entropy: [Float]?
  public var advantage: Double
  /// Aggregation weight of each token (0 = not in the loss).
  public var weights: [Double]
  public init(logprobs: [Float], old: [Float], ref: [Float]?, entropy: [Float]?, advantage: Double, weights: [Double]) {
    self.logprobs = logprobs; self.old = old; self.ref = ref; self.entropy = entropy; self.advantage = advantage; self.weights = weights
  }
}

/// The loss of one completion, its gradients and the statistics the metrics report.
public struct SequenceLoss: Equatable {
  /// Σ_t w_t L_t.
  public var loss: Double
  public var dlogprobs: [Float]
  public var dentropy: [Float]?
  /// Σ_t w_t k3_t and Σ_t w_t H_t (weighted like the loss, for the `kl` / `entropy` metrics).
  public var kl: Double, entropy: Double
  /// Tokens (weight > 0) clipped below / above, and tokens in the loss.
  public var clippedLow: Int, clippedHigh: Int, tokens: Int
}

public enum GRPOLoss {
  /// Group-relative advantages of `rewards` laid out as consecutive groups of `groupSize`.
  public static func advantages(_ rewards: [Double], groupSize: Int, scaling: RewardScaling) -> [Double] {
    precondition(groupSize >= 1 && rewards.count % groupSize == 0, "advantages: \(rewards.count) rewards in groups of \(groupSize)")
    var out = [Double](repeating: 0, count: rewards.count)
    let batchStd = std(rewards)
    for g in stride(from: 0, to: rewards.count, by: groupSize) {
      let grp = Array(rewards[g..<(g + groupSize)])
      let m = grp.reduce(0, +) / Double(groupSize)
      let s = scaling == .group ? std(grp) : batchStd
      for i in 0..<groupSize {
        out[g + i] = scaling == .none ? grp[i] - m : (grp[i] - m) / (s + 1e-4)
      }
    }
    return out
  }

  /// Sample standard deviation (n - 1); 0 for fewer than 2 values.
  public static func std(_ x: [Double]) -> Double {
    guard x.count > 1 else { return 0 }
    let m = x.reduce(0, +) / Double(x.count)
    return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
  }

  /// Whether a group's rewards all agree (no policy-gradient signal).
  public static func zeroSignal(_ group: ArraySlice<Double>) -> Bool {
    guard let f = group.first else { return true }
    return group.allSatisfy { $0 == f }
  }

  /// The k3 estimator of KL(pi || pi_ref) at one token and its derivative in lp.
  public static func k3(logprob lp: Double, ref: Double) -> (value: Double, dlogprob: Double) {
    let d = ref - lp
    let e = expClamped(d)
    return (e - d - 1, 1 - e)
  }

  /// Aggregation weights for completions of `lengths` tokens (0-length or excluded rows get none).
  public static func weights(lengths: [Int], included: [Bool], aggregation: LossAggregation, constantNormalizer: Int) -> [[Double]] {
    let B = Double(max(1, included.filter { $0 }.count))
    let total = Double(max(1, zip(lengths, included).reduce(0) { $0 + ($1.1 ? $1.0 : 0) }))
    return zip(lengths, included).map { n, inc in
      guard inc, n > 0 else { return [Double](repeating: 0, count: n) }
      let w: Double
      switch aggregation {
      case .seqMeanTokenMean: w = 1 / (B * Double(n))
      case .tokenMean: w = 1 / total
      case .constant: w = 1 / (B * Double(max(1, constantNormalizer)))
      }
      return [Double](repeating: w, count: n)
    }
  }

  /// The loss of one completion and d(loss)/d(lp_t), d(loss)/d(H_t).
  public static func sequence(_ s: SequenceTerms, _ cfg: SurrogateSettings) -> SequenceLoss {
    let n = s.logprobs.count
    precondition(s.old.count == n && s.weights.count == n, "GRPOLoss.sequence: \(n) log-probs, \(s.old.count) old, \(s.weights.count) weights")
    precondition(cfg.beta == 0 || s.ref?.count == n, "GRPOLoss.sequence: beta > 0 needs reference log-probs")
    precondition(cfg.entropyCoef == 0 || s.entropy?.count == n, "GRPOLoss.sequence: an entropy bonus needs entropies")
    let A = s.advantage
    var out = SequenceLoss(loss: 0, dlogprobs: [Float](repeating: 0, count: n),
                           dentropy: cfg.entropyCoef != 0 ? [Float](repeating: 0, count: n) : nil,
                           kl: 0, entropy: 0, clippedLow: 0, clippedHigh: 0, tokens: 0)
    let lo = 1 - cfg.epsLow, hi = 1 + cfg.epsHigh
    // Which branch of min(rho A, clip(rho) A) is taken, and its value.
    func surrogate(_ rho: Double) -> (value: Double, unclipped: Bool, low: Bool, high: Bool) {
      let clipped = min(max(rho, lo), hi)
      let a = rho * A, b = clipped * A
      let low = A < 0 && rho < lo, high = A > 0 && rho > hi
      return (-min(a, b), !(low || high), low, high)
    }
    var seqSurrogate: (value: Double, unclipped: Bool, low: Bool, high: Bool)?
    var seqRatio = 1.0, W = 0.0, counted = 0
    for t in 0..<n where s.weights[t] > 0 { counted += 1; W += s.weights[t] }
    if cfg.ratioLevel == .sequence, counted > 0 {
      var mean = 0.0
      for t in 0..<n where s.weights[t] > 0 { mean += Double(s.logprobs[t]) - Double(s.old[t]) }
      seqRatio = expClamped(mean / Double(counted))
      seqSurrogate = surrogate(seqRatio)
    }
    for t in 0..<n where s.weights[t] > 0 {
      let w = s.weights[t], lp = Double(s.logprobs[t])
      var d = 0.0
      switch cfg.ratioLevel {
      case .token:
        let rho = expClamped(lp - Double(s.old[t]))
        let sg = surrogate(rho)
        out.loss += w * sg.value
        if sg.unclipped { d -= A * rho * w }
        if sg.low { out.clippedLow += 1 }
        if sg.high { out.clippedHigh += 1 }
      case .sequence:
        let sg = seqSurrogate!
        out.loss += w * sg.value
        if sg.unclipped { d -= A * seqRatio / Double(counted) * W }
        if sg.low { out.clippedLow += 1 }
        if sg.high { out.clippedHigh += 1 }
      }
      if cfg.beta != 0, let ref = s.ref {
        let k = k3(logprob: lp, ref: Double(ref[t]))
        out.loss += cfg.beta * w * k.value
        out.kl += w * k.value
        d += cfg.beta * w * k.dlogprob
      } else if let ref = s.ref {
        out.kl += w * k3(logprob: lp, ref: Double(ref[t])).value
      }
      if let h = s.entropy?[t] {
        out.entropy += w * Double(h)
        if cfg.entropyCoef != 0 {
          out.loss -= cfg.entropyCoef * w * Double(h)
          out.dentropy![t] = Float(-cfg.entropyCoef * w)
        }
      }
      out.dlogprobs[t] = Float(d)
      out.tokens += 1
    }
    return out
  }

  /// exp with its argument clamped to ±80 (a ratio of e^80 is already meaningless; no inf/NaN).
  static func expClamped(_ x: Double) -> Double { _exp(min(max(x, -80), 80)) }
}

#if canImport(Glibc)
import Glibc
@inline(__always) func _exp(_ x: Double) -> Double { Glibc.exp(x) }
#else
import Darwin
@inline(__always) func _exp(_ x: Double) -> Double { Darwin.exp(x) }
#endif
