import Testing
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
@testable import Eval

// Exact rationals computed by hand; tolerance 1e-12 absolute: the product form does at most n
// multiplications of doubles, each with relative error <= 2^-53.
let exact = 1e-12

@Test func passAtKCodexHandCases() {
  // n=10, c=3: pass@1 = c/n; pass@2 = 1 - C(7,2)/C(10,2) = 1 - 21/45 = 8/15;
  // pass@5 = 1 - C(7,5)/C(10,5) = 1 - 21/252 = 11/12.
  #expect(abs(Estimators.passAtK(n: 10, c: 3, k: 1) - 0.3) < exact)
  #expect(abs(Estimators.passAtK(n: 10, c: 3, k: 2) - 8.0 / 15.0) < exact)
  #expect(abs(Estimators.passAtK(n: 10, c: 3, k: 5) - 11.0 / 12.0) < exact)
  // n - c < k: every subset holds a correct sample.
  #expect(Estimators.passAtK(n: 10, c: 3, k: 8) == 1)
  #expect(Estimators.passAtK(n: 10, c: 0, k: 5) == 0)
  #expect(Estimators.passAtK(n: 4, c: 4, k: 1) == 1)
}

@Test func passAtKStableForLargeN() {
  // C(1000, 500) overflows a double; the product form must still give 1 - C(990,500)/C(1000,500)
  // = 1 - prod_{i=991}^{1000} (1 - 500/i), checked against the same product in log space.
  let p = Estimators.passAtK(n: 1000, c: 10, k: 500)
  var logq = 0.0
  for i in 991...1000 { logq += log1p(-500.0 / Double(i)) }
  #expect(abs(p - (1 - exp(logq))) < 1e-12)
  #expect(p > 0.99 && p < 1)
}

@Test func passKValues() {
  #expect(Estimators.passKValues(upTo: 1) == [1])
  #expect(Estimators.passKValues(upTo: 8) == [1, 2, 4, 8])
  #expect(Estimators.passKValues(upTo: 6) == [1, 2, 4, 6])
}

@Test func majorityTiesBreakByEarliestFirstOccurrence() {
  // "b" and "a" both have 2 votes; "b" appeared first (index 0).
  #expect(Estimators.majorityIndex(["b", "a", "a", "b"]) == 0)
  // "a" first occurs at 1, "b" at 2: "a" wins the tie.
  #expect(Estimators.majorityIndex([nil, "a", "b", "b", "a"]) == 1)
  // A strict majority wins regardless of order.
  #expect(Estimators.majorityIndex(["x", "y", "y"]) == 1)
  // Unparsed samples never vote.
  #expect(Estimators.majorityIndex([nil, nil]) == nil)
  #expect(Estimators.majorityIndex([nil, nil, "z"]) == 2)
}

@Test func meanStdPopulation() {
  // [0.5, 0.7, 0.6]: mean 0.6, population variance (0.01 + 0.01 + 0)/3.
  let (m, s) = Estimators.meanStd([0.5, 0.7, 0.6])
  #expect(abs(m - 0.6) < exact)
  #expect(abs(s - (0.02 / 3).squareRoot()) < exact)
  #expect(Estimators.meanStd([0.25]) == (0.25, 0))
}

@Test func sampleSetAccuracies() {
  // 2 questions x 3 samples: set 0 = {T, F}, set 1 = {T, T}, set 2 = {F, F}.
  let acc = Estimators.sampleSetAccuracies([[true, true, false], [false, true, false]])
  #expect(acc == [0.5, 1.0, 0.0])
}
