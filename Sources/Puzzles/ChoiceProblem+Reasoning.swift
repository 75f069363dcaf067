// Choice families of levels 3 to 5.
import Seeded

extension ChoiceProblem {
  static let people = ["Ada", "Bram", "Cleo", "Dina", "Emil", "Fay", "Gus", "Hana", "Ivo", "Jade",
                       "Kai", "Lena", "Milo", "Nora", "Omar", "Pia", "Rami", "Sofi", "Theo", "Uma"]

  static func clock(_ minutes: Int) -> String {
    let m = ((minutes % 1440) + 1440) % 1440
    let mm = m % 60
    return "\(m / 60):" + (mm < 10 ? "0" : "") + String(mm)
  }

  static let level3: [Maker] = [
    { rng in
      let r = rng.pick([5, 10, 12, 15, 20, 25, 30, 35, 40, 45, 60, 75, 80, 120, 150]), n = rng.int(in: 2...60) * 20
      let v = r * n / 100
      return numeric("What is \(r)% of \(n)?", v, slips: [r * n / 10, n - v, n + v, v + r, v * 2, v / 2, r + n / 100], spread: max(6, v / 3), rng: &rng)
    },
    { rng in
      let start = rng.int(in: 5 * 60...20 * 60), dur = rng.int(in: 25...400)
      let stem = "A train leaves at \(clock(start)) and the trip takes \(dur) minutes. At what time (24-hour clock) does it arrive?"
      let slips = [dur - 60, dur + 60, dur + 10, dur - 10, dur / 60 * 100 + dur % 60, dur + 40, dur - 40, dur + 100].map { clock(start + $0) }
      return build(stem, correct: clock(start + dur), pool: slips, rng: &rng) { r in clock(start + dur + 5 * r.int(in: -30...30)) }
    },
    { rng in
      let smallest = rng.below(2) == 0
      var fr: [(Int, Int)] = []
      while fr.count < 10 {
        let d = rng.int(in: 2...15), n = rng.int(in: 1...(d - 1))
        if !fr.contains(where: { $0.0 * d == n * $0.1 }) { fr.append((n, d)) }
      }
      let best = fr.min { smallest ? $0.0 * $1.1 < $1.0 * $0.1 : $0.0 * $1.1 > $1.0 * $0.1 }!
      let text = fr.map { "\($0.0)/\($0.1)" }
      return build("Which of the following fractions is the \(smallest ? "smallest" : "largest")?", correct: "\(best.0)/\(best.1)",
                   pool: text, rng: &rng) { r in "\(r.int(in: 1...8))/\(r.int(in: 9...20))" }
    },
    { rng in
      let a = rng.int(in: 1...6), q = rng.int(in: 2...4), neg = rng.below(3) == 0
      let ratio = neg ? -q : q
      let seq = (0..<4).map { k in (0..<k).reduce(a) { v, _ in v * ratio } }
      let next = seq[3] * ratio
      return numeric("What number comes next in the sequence \(seq.map(String.init).joined(separator: ", ")), ...?", next,
                     slips: [-next, next + seq[3], seq[3] + (seq[3] - seq[2]), next * ratio, next / ratio + 1, next + 1], spread: abs(next) / 2 + 4, rng: &rng)
    },
  ]

  /// A shuffled chain of "X is taller than Y" facts among n people; asks for the k-th tallest.
  static func ordering(_ rng: inout SeededRNG, n: Int, extraFacts: Int) -> ChoiceProblem {
    var pool = people
    rng.shuffle(&pool)
    let order = Array(pool.prefix(n))  // tallest first
    var facts = (0..<(n - 1)).map { "\(order[$0]) is taller than \(order[$0 + 1])." }
    for _ in 0..<extraFacts {  // implied facts that add reading without adding information
      let i = rng.below(n - 2), j = i + 2 + rng.below(n - i - 2)
      facts.append("\(order[i]) is taller than \(order[j]).")
    }
    rng.shuffle(&facts)
    let k = rng.int(in: 1...n)
    let ordinal = ["tallest", "second tallest", "third tallest", "fourth tallest", "fifth tallest", "sixth tallest", "seventh tallest"][k - 1]
    let stem = facts.joined(separator: " ") + " Nobody else is mentioned. Who is the \(k == n ? "shortest" : ordinal)?"
    return build(stem, correct: order[k - 1], pool: order + Array(pool.dropFirst(n).prefix(10 - n)), rng: &rng) { r in r.pick(people) }
  }

  static let level4: [Maker] = [
    { rng in ordering(&rng, n: rng.int(in: 4...5), extraFacts: 0) },
    { rng in
      let a = rng.int(in: -5...10), d = rng.int(in: 1...6), s = rng.int(in: 1...4)
      let seq = (0..<5).map { k in a + k * d + s * k * (k - 1) / 2 }
      let next = a + 5 * d + s * 10
      return numeric("What number comes next in the sequence \(seq.map(String.init).joined(separator: ", ")), ...?", next,
                     slips: [seq[4] + (seq[4] - seq[3]), next + s, next - s, next + 1, next - 1, seq[4] + d], spread: 2 * s + d + 4, rng: &rng)
    },
    { rng in
      let v = rng.pick([30, 40, 45, 48, 50, 60, 72, 75, 80, 90, 96, 100, 120]), t = rng.int(in: 2...24) * 5
      let dist = v * t / 60 * 60 == v * t ? v * t / 60 : 0
      guard dist > 0 else {
        let h = rng.int(in: 2...9)
        return numeric("A car drives at \(v) km/h for \(h) hours. How many kilometers does it travel?", v * h,
                       slips: [v * (h + 1), v * (h - 1), v + h, v * h / 2, v * h * 2], spread: v, rng: &rng)
      }
      return numeric("A car drives \(dist) km at a constant \(v) km/h. How many minutes does the trip take?", t,
                     slips: [t + 60, t - 5, t + 5, dist * 60 / max(1, v + 10), t * 2, t / 2, dist], spread: 20, rng: &rng)
    },
  ]

  static let level5: [Maker] = [
    { rng in ordering(&rng, n: rng.int(in: 6...7), extraFacts: rng.int(in: 1...3)) },
    { rng in
      let a = rng.int(in: 0...5), b = rng.int(in: 1...6), c = rng.int(in: -3...4)
      var seq = [a, b]
      while seq.count < 7 { seq.append(seq[seq.count - 1] + seq[seq.count - 2] + c) }
      let shown = seq.prefix(6), next = seq[6]
      return numeric("Each term from the third on is the sum of the two before it plus a fixed number. What comes next: \(shown.map(String.init).joined(separator: ", ")), ...?",
                     next, slips: [seq[5] + seq[4], next + c, next - c, next + 1, next - 1, seq[5] * 2], spread: abs(c) + 6, rng: &rng)
    },
    { rng in
      let lo = rng.int(in: 1...200), hi = lo + rng.int(in: 30...400), k = rng.int(in: 3...17)
      let count = hi / k - (lo - 1) / k
      return numeric("How many integers from \(lo) to \(hi) inclusive are divisible by \(k)?", count,
                     slips: [count + 1, count - 1, (hi - lo) / k, (hi - lo + 1) / k + 1, hi / k, count + 2], spread: 5, rng: &rng)
    },
  ]
}
