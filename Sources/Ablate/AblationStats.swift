// The statistics behind the ablation's verdicts: mean and spread over seeds, and an exact two-sided
// sign test on paired differences (per question, pooled over seeds), which for 0/1 scores is
// McNemar's exact test: only discordant pairs count, and under the null either direction is a fair coin.
import RLVR

public enum AblationStats {
  /// Mean and sample std over seeds (GRPO's group std: n - 1, 0 for one value).
  public static func meanStd(_ x: [Double]) -> (mean: Double, std: Double) {
    guard !x.isEmpty else { return (.nan, .nan) }
    return (x.reduce(0, +) / Double(x.count), GRPOLoss.std(x))
  }

  /// Exact two-sided sign test on paired differences: (positive, negative, p). Zero differences are
  /// dropped. p = min(1, 2 * P(Bin(n, 1/2) <= min(pos, neg))).
  public static func signTest(_ diffs: [Double]) -> (positive: Int, negative: Int, p: Double) {
    let pos = diffs.filter { $0 > 0 }.count, neg = diffs.filter { $0 < 0 }.count
    let n = pos + neg
    guard n > 0 else { return (0, 0, 1) }
    // log C(n, i) accumulated, so n in the thousands does not overflow.
    var logC = 0.0, tail = 0.0
    let lhalf = Double(n) * -0.6931471805599453
    for i in 0...min(pos, neg) {
      if i > 0 { logC += _log(Double(n - i + 1)) - _log(Double(i)) }
      tail += _expd(logC + lhalf)
    }
    return (pos, neg, min(1, 2 * tail))
  }
}

#if canImport(Glibc)
import Glibc
func _log(_ x: Double) -> Double { Glibc.log(x) }
func _expd(_ x: Double) -> Double { Glibc.exp(x) }
#else
import Darwin
func _log(_ x: Double) -> Double { Darwin.log(x) }
func _expd(_ x: Double) -> Double { Darwin.exp(x) }
#endif
