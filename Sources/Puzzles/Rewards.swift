// Rewards computed from a `Verdict` and the completion's length, so they serve every domain.
//
// Schemes (one chosen in config, `RewardScheme`):
// - logicRL (Logic-RL's kk reward): format +1 when the R1 tags are right, else -1; answer +2 all
//   correct, -1.5 wrong, -2 unparseable. As in Logic-RL, the answer is only read when the format
//   is right: a format error scores -1 + -2 = -3.
// - warmupPaper: one value: format error -2; else correct +2, wrong -0.5, unparseable (which
//   includes unknown, missing or duplicate names) -1.
// - binary: 1 when correct, else 0 (format ignored).
// Optional cosine length reward in Open-RS's form (open-r1's `get_cosine_scaled_reward`): correct
// answers get more the shorter they are (maxValueCorrect at length 0 down to minValueCorrect at
// maxLength), wrong ones less the longer they are (maxValueWrong... see `cosine`). Differences
// from Open-RS on purpose: length is counted in tokens (theirs: characters of the completion) and
// clamped to maxLength (theirs is not, so past maxLength the cosine comes back up).
// Total = schemeWeight * scheme + cosineWeight * cosine.

public enum RewardScheme: String, CaseIterable, Sendable, Codable {
  case logicRL, warmupPaper, binary
  public static var validNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

public struct CosineLengthConfig: Sendable, Codable, Equatable {
  /// Open-RS / open-r1 defaults.
  public var minValueWrong = 0.0
  public var maxValueWrong = -0.5
  public var minValueCorrect = 0.5
  public var maxValueCorrect = 1.0
  /// Length (tokens) at which the cosine reaches its end value; longer is clamped to it.
  public var maxLength = 1000
  public init() {}
}

public struct RewardConfig: Sendable, Codable, Equatable {
  public var scheme: RewardScheme = .logicRL
  public var schemeWeight = 1.0
  /// 0 turns the cosine length term off.
  public var cosineWeight = 0.0
  public var cosine = CosineLengthConfig()
  public init(scheme: RewardScheme = .logicRL, schemeWeight: Double = 1.0, cosineWeight: Double = 0.0,
              cosine: CosineLengthConfig = CosineLengthConfig()) {
    self.scheme = scheme; self.schemeWeight = schemeWeight; self.cosineWeight = cosineWeight; self.cosine = cosine
  }
}

/// The parts of one reward, for logging.
public struct RewardBreakdown: Sendable, Equatable {
  public var format: Double
  public var answer: Double
  public var cosine: Double
  public var total: Double
}

public enum Rewards {
  /// Logic-RL: (format, answer).
  public static func logicRL(_ v: Verdict) -> (format: Double, answer: Double) {
    let format = v.formatOK ? 1.0 : -1.0
    guard v.formatOK else { return (format, -2) }
    switch v.status {
    case .correct: return (format, 2)
    case .wrong: return (format, -1.5)
    case .unparseable: return (format, -2)
    }
  }

  /// The warmup paper's single value.
  public static func warmupPaper(_ v: Verdict) -> Double {
    guard v.formatOK else { return -2 }
    switch v.status {
    case .correct: return 2
    case .wrong: return -0.5
    case .unparseable: return -1
    }
  }

  public static func binary(_ v: Verdict) -> Double { v.correct ? 1 : 0 }

  /// Open-RS's cosine-scaled length reward, with `length` in tokens clamped to `maxLength`.
  public static func cosine(_ v: Verdict, length: Int, config c: CosineLengthConfig) -> Double {
    precondition(c.maxLength > 0, "cosine length reward: maxLength must be positive")
    let progress = Double(min(max(length, 0), c.maxLength)) / Double(c.maxLength)
    let cos = cosPi(progress)
    // Open-RS swaps min/max for wrong answers so that longer wrong answers score lower.
    let (lo, hi) = v.correct ? (c.minValueCorrect, c.maxValueCorrect) : (c.maxValueWrong, c.minValueWrong)
    return lo + 0.5 * (hi - lo) * (1 + cos)
  }

  /// The configured reward of one completion; `length` = completion length in tokens.
  public static func score(_ v: Verdict, length: Int, config: RewardConfig) -> RewardBreakdown {
    var format = 0.0, answer = 0.0
    switch config.scheme {
    case .logicRL: (format, answer) = logicRL(v)
    case .warmupPaper: answer = warmupPaper(v)
    case .binary: answer = binary(v)
    }
    let cos = config.cosineWeight == 0 ? 0 : cosine(v, length: length, config: config.cosine)
    return RewardBreakdown(format: format, answer: answer, cosine: cos,
                           total: config.schemeWeight * (format + answer) + config.cosineWeight * cos)
  }

  /// cos(pi * x) for x in [0, 1] without Foundation: a Taylor series around the nearest of 0, 1/2, 1
  /// (|error| < 1e-12 on [0, 1]).
  static func cosPi(_ x: Double) -> Double {
    // cos(pi x) = -sin(pi (x - 1/2)); evaluate sin on |t| <= pi/2 with enough terms.
    let t = Double.pi * (x - 0.5)
    var term = t, sum = t
    let t2 = t * t
    for k in 1...12 {
      term *= -t2 / Double((2 * k) * (2 * k + 1))
      sum += term
    }
    return -sum
  }
}
