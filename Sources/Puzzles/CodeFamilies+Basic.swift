// `code` task families of levels 1 (one expression) and 2 (one branch or one loop).
import JSON
import Seeded

enum CodeFamilies {
  typealias Family = @Sendable (inout SeededRNG) -> CodeTask
  static let byLevel: [[Family]] = [level1, level2, level3, level4, level5] + inferLevels

  static let level1: [Family] = [
    { rng in
      let a = rng.int(in: 2...9), b = rng.int(in: -20...20)
      let bs = b < 0 ? "- \(-b)" : "+ \(b)"
      return CodeTask("linear", ["x"], "returns \(a) * x \(bs).", "def linear(x):\n    return \(a) * x \(bs)\n",
                      inputs: CodeTask.cases(&rng, [[0], [1], [-3]]) { [.int($0.int(in: -100...100))] }) { .int(a * $0[0].i + b) }
    },
    { rng in
      let k = rng.int(in: 2...12), r = rng.int(in: 0...(k - 1))
      return CodeTask("has_remainder", ["x"], "returns True when x leaves remainder \(r) on division by \(k) (as Python's %), else False.",
                      "def has_remainder(x):\n    return x % \(k) == \(r)\n",
                      inputs: CodeTask.cases(&rng, [[.int(r)], [.int(r + k)], [.int(r + 1)], [-7]]) { [.int($0.int(in: -60...60))] }) {
        let x = $0[0].i
        return .bool(((x % k) + k) % k == r)
      }
    },
    { rng in
      let lo = rng.int(in: -30...10), hi = lo + rng.int(in: 1...40)
      return CodeTask("between", ["x"], "returns True when \(lo) <= x <= \(hi), else False.",
                      "def between(x):\n    return \(lo) <= x and x <= \(hi)\n",
                      inputs: CodeTask.cases(&rng, [[.int(lo)], [.int(hi)], [.int(lo - 1)], [.int(hi + 1)]]) { [.int($0.int(in: (lo - 20)...(hi + 20)))] }) {
        .bool(lo <= $0[0].i && $0[0].i <= hi)
      }
    },
    { rng in
      let k = rng.int(in: 1...30)
      return CodeTask("larger_plus", ["a", "b"], "returns the larger of a and b, plus \(k).",
                      "def larger_plus(a, b):\n    if a > b:\n        return a + \(k)\n    return b + \(k)\n",
                      inputs: CodeTask.cases(&rng, [[1, 1], [-5, 3], [9, -2]]) { [.int($0.int(in: -50...50)), .int($0.int(in: -50...50))] }) {
        .int(max($0[0].i, $0[1].i) + k)
      }
    },
  ]

  static let level2: [Family] = [
    { rng in
      let lo = rng.int(in: -15...0), hi = rng.int(in: 1...20)
      return CodeTask("clamp", ["x"], "returns x limited to the range \(lo)..\(hi): \(lo) if x < \(lo), \(hi) if x > \(hi), else x.",
                      "def clamp(x):\n    if x < \(lo):\n        return \(lo)\n    if x > \(hi):\n        return \(hi)\n    return x\n",
                      inputs: CodeTask.cases(&rng, [[.int(lo - 1)], [.int(hi + 1)], [0]]) { [.int($0.int(in: -40...40))] }) {
        .int(min(max($0[0].i, lo), hi))
      }
    },
    { rng in
      let k = rng.int(in: 0...40)
      return CodeTask("sum_plus", ["xs"], "returns the sum of the elements of the list xs plus \(k).",
                      "def sum_plus(xs):\n    t = \(k)\n    for x in xs:\n        t += x\n    return t\n",
                      inputs: CodeTask.cases(&rng, [[.array([])], [CodeTask.ints([5])]]) { [CodeTask.list(&$0, 1...8, -20...20)] }) {
        .int($0[0].ints.reduce(k, +))
      }
    },
    { rng in
      let k = rng.int(in: -5...25)
      let strict = rng.below(2) == 0
      let word = strict ? "greater than" : "at least"
      return CodeTask("count_big", ["xs"], "returns how many elements of the list xs are \(word) \(k).",
                      "def count_big(xs):\n    n = 0\n    for x in xs:\n        if x \(strict ? ">" : ">=") \(k):\n            n += 1\n    return n\n",
                      inputs: CodeTask.cases(&rng, [[.array([])], [CodeTask.ints([k, k + 1, k - 1])]]) { [CodeTask.list(&$0, 1...9, -10...40)] }) {
        .int($0[0].ints.filter { strict ? $0 > k : $0 >= k }.count)
      }
    },
    { rng in
      let k = rng.int(in: 1...25)
      return CodeTask("sign_scaled", ["x"], "returns \(k) if x > 0, -\(k) if x < 0, and 0 if x is 0.",
                      "def sign_scaled(x):\n    if x > 0:\n        return \(k)\n    elif x < 0:\n        return -\(k)\n    return 0\n",
                      inputs: CodeTask.cases(&rng, [[0], [5], [-5]]) { [.int($0.int(in: -100...100))] }) {
        .int($0[0].i > 0 ? k : ($0[0].i < 0 ? -k : 0))
      }
    },
    { rng in
      let v = rng.int(in: 0...9), k = rng.int(in: 1...5)
      return CodeTask("count_value", ["xs"], "returns \(k) times the number of elements of the list xs equal to \(v).",
                      "def count_value(xs):\n    n = 0\n    for x in xs:\n        if x == \(v):\n            n += \(k)\n    return n\n",
                      inputs: CodeTask.cases(&rng, [[.array([])], [CodeTask.ints([v, v, 1])]]) { [CodeTask.list(&$0, 1...10, 0...9)] }) {
        .int(k * $0[0].ints.filter { $0 == v }.count)
      }
    },
  ]
}
