// The median the benchmarks report (of repeated timings): the middle value, or the mean of the two
// middle values; NaN for no values.
public func median(_ xs: [Double]) -> Double {
  let s = xs.sorted(), n = s.count
  if n == 0 { return .nan }
  return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
}
