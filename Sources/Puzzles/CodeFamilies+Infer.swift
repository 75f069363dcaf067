// `code` task families of levels 6-8 (2026-12-06, issue 16 item 4): the functions of levels 1-2 and 4-5,
// but the question no longer states the constant. It names it ("a fixed number k") and the first
// example pins it down, so the program can only be right once the constant has been read off or
// worked out: level 6 reads it off one example, level 7 takes one subtraction, level 8 finds two.
// The examples the question shows are the task's first two tests. `worked` is the one-line
// derivation ("larger_plus(4, 4) == 17, so k = 17 - 4 = 13.") that a corpus may show inside <think>.
// Levels 1-5 stay the default everywhere (`TaskSplit.defaultLevels`): the committed base was trained
// on them, so a corpus config built before these levels makes the same bytes.
import JSON
import Seeded

extension CodeFamilies {
  static let inferLevels: [[Family]] = [level6, level7, level8]

  /// "k = 17 - 4 = 13" / "k = -3 + 5 = 2": the difference `total - part` written out, `part`'s sign folded in.
  static func minus(_ name: String, _ total: Int, _ part: Int) -> String {
    part >= 0 ? "\(name) = \(total) - \(part) = \(total - part)" : "\(name) = \(total) + \(-part) = \(total - part)"
  }

  /// sum_plus with k left to the first example, `first` (level 6: [], which shows k; level 7: [v], which
  /// shows v + k).
  static func sumPlus(_ rng: inout SeededRNG, k: Int, first: [Int], spec: String) -> CodeTask {
    var t = CodeTask("sum_plus", ["xs"], spec, "def sum_plus(xs):\n    t = \(k)\n    for x in xs:\n        t += x\n    return t\n",
                     inputs: CodeTask.cases(&rng, [[CodeTask.ints(first)]]) { [CodeTask.list(&$0, 1...8, -20...20)] }) {
      .int($0[0].ints.reduce(k, +))
    }
    let total = first.reduce(k, +)
    t.worked = "sum_plus(\(CodeTask.python(CodeTask.ints(first)))) == \(total), so "
      + (first.isEmpty ? "k = \(k)." : "\(minus("k", total, total - k)).")
    return t
  }

  static let level6: [Family] = [
    { rng in
      let k = rng.int(in: 0...40)
      return sumPlus(&rng, k: k, first: [], spec: "returns the sum of the elements of the list xs plus a fixed number k, which the examples show.")
    },
    { rng in
      let k = rng.int(in: 1...40), x = rng.int(in: 1...99)
      var t = CodeTask("sign_scaled", ["x"], "returns k if x > 0, -k if x < 0, and 0 if x is 0, for a fixed number k > 0 that the examples show.",
                       "def sign_scaled(x):\n    if x > 0:\n        return \(k)\n    elif x < 0:\n        return -\(k)\n    return 0\n",
                       inputs: CodeTask.cases(&rng, [[.int(x)]]) { [.int($0.int(in: -100...100))] }) {
        .int($0[0].i > 0 ? k : ($0[0].i < 0 ? -k : 0))
      }
      t.worked = "sign_scaled(\(x)) == \(k), so k = \(k)."
      return t
    },
    { rng in
      let k = rng.int(in: 1...40)
      var t = CodeTask("gcd_times", ["a", "b"], "returns k times the greatest common divisor of the positive integers a and b, for a fixed number k that the examples show.",
                       "def gcd_times(a, b):\n    while b != 0:\n        a, b = b, a % b\n    return \(k) * a\n",
                       inputs: CodeTask.cases(&rng, [[1, 1]]) { [.int($0.int(in: 1...200)), .int($0.int(in: 1...200))] }) {
        .int(k * gcd($0[0].i, $0[1].i))
      }
      t.worked = "gcd_times(1, 1) == \(k), so k = \(k)."
      return t
    },
    { rng in
      let k = rng.int(in: 0...30)
      var t = CodeTask("running_max", ["xs"], "returns a list whose element i is the largest of xs[0], ..., xs[i], plus a fixed number k that the examples show.",
                       "def running_max(xs):\n    out = []\n    for i in range(len(xs)):\n        if i == 0 or xs[i] > best:\n            best = xs[i]\n        out.append(best + \(k))\n    return out\n",
                       inputs: CodeTask.cases(&rng, [[CodeTask.ints([0])]]) { [CodeTask.list(&$0, 1...8, -30...30)] }) {
        var best = Int.min
        return CodeTask.ints($0[0].ints.map { best = max(best, $0); return best + k })
      }
      t.worked = "running_max([0]) == [\(k)], so k = \(k)."
      return t
    },
  ]

  static let level7: [Family] = [
    { rng in
      let k = rng.int(in: 1...30), a = rng.int(in: 1...20)
      var t = CodeTask("larger_plus", ["a", "b"], "returns the larger of a and b, plus a fixed number k that the examples show.",
                       "def larger_plus(a, b):\n    if a > b:\n        return a + \(k)\n    return b + \(k)\n",
                       inputs: CodeTask.cases(&rng, [[.int(a), .int(a)]]) { [.int($0.int(in: -50...50)), .int($0.int(in: -50...50))] }) {
        .int(max($0[0].i, $0[1].i) + k)
      }
      t.worked = "larger_plus(\(a), \(a)) == \(a + k), so \(minus("k", a + k, a))."
      return t
    },
    { rng in
      let k = rng.int(in: 1...20), v = rng.int(in: 1...20)
      var t = CodeTask("reverse_shift", ["xs"], "returns the list xs reversed, with a fixed number k added to every element; the examples show k.",
                       "def reverse_shift(xs):\n    out = []\n    i = len(xs) - 1\n    while i >= 0:\n        out.append(xs[i] + \(k))\n        i -= 1\n    return out\n",
                       inputs: CodeTask.cases(&rng, [[CodeTask.ints([v])]]) { [CodeTask.list(&$0, 1...9, -30...30)] }) {
        CodeTask.ints($0[0].ints.reversed().map { $0 + k })
      }
      t.worked = "reverse_shift([\(v)]) == [\(v + k)], so \(minus("k", v + k, v))."
      return t
    },
    { rng in
      let k = rng.int(in: 1...40)
      var t = CodeTask("nth_prime", ["n"], "returns the n-th prime number plus a fixed number k that the examples show (the first prime is 2).",
                       isPrimeSource + "\n\ndef nth_prime(n):\n    p = 1\n    while n > 0:\n        p += 1\n        if is_prime(p):\n            n -= 1\n    return p + \(k)\n",
                       inputs: CodeTask.cases(&rng, [[1]]) { [.int($0.int(in: 1...60))] }) {
        var n = $0[0].i, p = 1
        while n > 0 { p += 1; if isPrime(p) { n -= 1 } }
        return .int(p + k)
      }
      t.worked = "nth_prime(1) == \(2 + k), so \(minus("k", 2 + k, 2))."
      return t
    },
    { rng in
      let k = rng.int(in: 0...40), v = rng.int(in: 1...20)
      return sumPlus(&rng, k: k, first: [v], spec: "returns the sum of the elements of the list xs plus a fixed number k; the examples show k.")
    },
  ]

  static let level8: [Family] = [
    { rng in
      let a = rng.int(in: 2...12), b = rng.int(in: -30...60)
      let bs = b < 0 ? "- \(-b)" : "+ \(b)"
      var t = CodeTask("linear", ["x"], "returns a * x + b for fixed integers a and b that the examples show.",
                       "def linear(x):\n    return \(a) * x \(bs)\n",
                       inputs: CodeTask.cases(&rng, [[0], [1]]) { [.int($0.int(in: -100...100))] }) { .int(a * $0[0].i + b) }
      t.worked = "linear(0) == \(b), so b = \(b). linear(1) == \(a + b), so \(minus("a", a + b, b))."
      return t
    },
    { rng in
      let lo = rng.int(in: -40...0), hi = rng.int(in: 1...40)
      var t = CodeTask("clamp", ["x"], "returns x limited to the range lo..hi (lo if x < lo, hi if x > hi, else x) for fixed integers lo < hi that the examples show.",
                       "def clamp(x):\n    if x < \(lo):\n        return \(lo)\n    if x > \(hi):\n        return \(hi)\n    return x\n",
                       inputs: CodeTask.cases(&rng, [[-50], [50]]) { [.int($0.int(in: -60...60))] }) {
        .int(min(max($0[0].i, lo), hi))
      }
      t.worked = "clamp(-50) == \(lo), so lo = \(lo). clamp(50) == \(hi), so hi = \(hi)."
      return t
    },
  ]
}
