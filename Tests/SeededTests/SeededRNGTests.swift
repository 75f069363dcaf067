import Testing
import Seeded

@Suite struct SeededRNGTests {
  @Test func sameSeedSameStreamDifferentSeedDifferentStream() {
    var a = SeededRNG(seed: 42), b = SeededRNG(seed: 42), c = SeededRNG(seed: 43)
    let xa = (0..<8).map { _ in a.next() }, xb = (0..<8).map { _ in b.next() }, xc = (0..<8).map { _ in c.next() }
    #expect(xa == xb)
    #expect(xa != xc)
    var s0 = SeededRNG(seed: 1, stream: 0), s1 = SeededRNG(seed: 1, stream: 1)
    #expect(s0.next() != s1.next())
  }

  @Test func belowIsInRangeAndRoughlyUniform() {
    var r = SeededRNG(seed: 7)
    var counts = [Int](repeating: 0, count: 10)
    for _ in 0..<100_000 { counts[r.below(10)] += 1 }
    // Each bucket expects 10,000; 5 sigma of a binomial(1e5, 0.1) is ~475.
    #expect(counts.allSatisfy { abs($0 - 10_000) < 475 })
  }

  @Test func stateSavesAndRestores() {
    var r = SeededRNG(seed: 9)
    _ = r.next()
    let saved = r
    let x = r.next()
    var restored = saved
    #expect(restored.next() == x)
  }
}
