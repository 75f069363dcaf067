// The choice question families, by level, each with its correct value and nine seeded distractors
// built from typical slips (off by one step, wrong factor, neighbouring values). Level 1: one fact or
// comparison; 2: one-rule sequences, two-step conversions, divisibility; 3: percentages, time,
// fractions, geometric sequences; 4: orderings from comparisons, second-order sequences, rates;
// 5: longer orderings, recurrences, counting.
import Seeded

public struct ChoiceProblem: Sendable {
  public var stem: String
  public var options: [String]
  public var answer: Character

  typealias Maker = @Sendable (inout SeededRNG) -> ChoiceProblem

  /// Places `correct` among nine distinct distractors drawn from `pool` (then from nearby integers
  /// when the pool runs short) at a seeded position.
  static func build(_ stem: String, correct: String, pool: [String], rng: inout SeededRNG, filler: (inout SeededRNG) -> String) -> ChoiceProblem {
    var seen: Set<String> = [correct], wrong: [String] = []
    var candidates = pool
    rng.shuffle(&candidates)
    for c in candidates where wrong.count < 9 && seen.insert(c).inserted { wrong.append(c) }
    var tries = 0
    while wrong.count < 9 {
      let c = filler(&rng)
      tries += 1
      precondition(tries < 10_000, "choice distractor filler cannot make 9 distinct values for: \(stem)")
      if seen.insert(c).inserted { wrong.append(c) }
    }
    let pos = rng.below(10)
    var options = wrong
    options.insert(correct, at: pos)
    return ChoiceProblem(stem: stem, options: options, answer: ChoiceDomain.letters[pos])
  }

  /// Integer distractors: the given slips plus values within `spread` of the answer.
  static func numeric(_ stem: String, _ correct: Int, slips: [Int], spread: Int, rng: inout SeededRNG) -> ChoiceProblem {
    // At least 12 on each side so that nine distinct values always exist; non-negative answers get
    // non-negative distractors (a negative count would be a giveaway).
    let s = max(spread, 12)
    let lo = correct >= 0 ? max(0, correct - s) : correct - s
    let pool = slips.filter { correct < 0 || $0 >= 0 }
    return build(stem, correct: String(correct), pool: pool.map(String.init), rng: &rng) { r in String(r.int(in: lo...(lo + 2 * s))) }
  }

  public static func make(level: Int, rng: inout SeededRNG) -> ChoiceProblem {
    let makers = byLevel[max(1, min(5, level)) - 1]
    return makers[rng.below(makers.count)](&rng)
  }

  static let byLevel: [[Maker]] = [level1, level2, level3, level4, level5]

  static let units: [(big: String, small: String, factor: Int)] = [
    ("meters", "centimeters", 100), ("kilometers", "meters", 1000), ("kilograms", "grams", 1000),
    ("hours", "minutes", 60), ("minutes", "seconds", 60), ("liters", "milliliters", 1000),
    ("feet", "inches", 12), ("yards", "feet", 3), ("days", "hours", 24), ("weeks", "days", 7),
  ]

  static let level1: [Maker] = [
    { rng in
      let largest = rng.below(2) == 0
      var values: [Int] = []
      while values.count < 10 { let v = rng.int(in: 100...999); if !values.contains(v) { values.append(v) } }
      let target = largest ? values.max()! : values.min()!
      let stem = "Which of the following numbers is the \(largest ? "largest" : "smallest")?"
      return build(stem, correct: String(target), pool: values.map(String.init), rng: &rng) { r in String(r.int(in: 100...999)) }
    },
    { rng in
      let u = rng.pick(units), x = rng.int(in: 2...40)
      return numeric("How many \(u.small) are in \(x) \(u.big)?", x * u.factor,
                     slips: [x, x * 10, x * u.factor * 10, x * u.factor / 10, x + u.factor, x * (u.factor + 1), (x + 1) * u.factor, (x - 1) * u.factor],
                     spread: max(5, u.factor), rng: &rng)
    },
    { rng in
      let a = rng.int(in: 11...49), b = rng.int(in: 3...19)
      return numeric("What is \(a) \u{00D7} \(b)?", a * b, slips: [a * (b + 1), a * (b - 1), (a + 1) * b, (a - 1) * b, a + b, a * b + 10, a * b - 10],
                     spread: 30, rng: &rng)
    },
  ]

  static let level2: [Maker] = [
    { rng in
      let a = rng.int(in: -20...30), d = rng.pick([-7, -5, -4, -3, -2, 2, 3, 4, 5, 6, 7, 8, 9, 11])
      let seq = (0..<5).map { a + $0 * d }
      let next = a + 5 * d
      return numeric("What number comes next in the sequence \(seq.map(String.init).joined(separator: ", ")), ...?", next,
                     slips: [next + 1, next - 1, next + d, next - d, seq[4] - d, a + 6 * d], spread: 2 * abs(d) + 3, rng: &rng)
    },
    { rng in
      let i = rng.below(units.count), j = rng.below(units.count)
      let (u1, u2) = (units[i], units[j])
      // Chains only where the small unit of one is the big unit of the next.
      guard let v = units.first(where: { $0.big == u1.small }) else {
        let x = rng.int(in: 2...30)
        return numeric("How many \(u2.small) are in \(x) \(u2.big)?", x * u2.factor,
                       slips: [x * u2.factor * 10, x + u2.factor, (x + 1) * u2.factor, x * 10], spread: u2.factor, rng: &rng)
      }
      let x = rng.int(in: 2...12)
      return numeric("How many \(v.small) are in \(x) \(u1.big)?", x * u1.factor * v.factor,
                     slips: [x * u1.factor, x * v.factor, x * (u1.factor + v.factor), x * u1.factor * v.factor * 10, (x + 1) * u1.factor * v.factor],
                     spread: u1.factor * v.factor / 2, rng: &rng)
    },
    { rng in
      let k = rng.int(in: 3...13)
      let m = rng.int(in: 5...60)
      let stem = "Which of the following numbers is divisible by \(k)?"
      return build(stem, correct: String(k * m), pool: (1...30).map { k * m + $0 }.filter { $0 % k != 0 }.map(String.init), rng: &rng) { r in
        var v = r.int(in: (k * m - 40)...(k * m + 40))
        if v % k == 0 { v += 1 }
        return String(v)
      }
    },
  ]
}
