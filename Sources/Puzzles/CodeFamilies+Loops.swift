// `code` task families of level 3 (a loop with state, or building a list).
import JSON
import Seeded

extension CodeFamilies {
  static let level3: [Family] = [
    { rng in
      let p = rng.int(in: 1...3), s = rng.int(in: 0...5), c = rng.int(in: 1...5)
      return CodeTask("power_sum", ["n"], "returns \(c) times the sum of i**\(p) for every integer i from \(s) to n inclusive (0 when n < \(s)).",
                      "def power_sum(n):\n    t = 0\n    i = \(s)\n    while i <= n:\n        t += i ** \(p)\n        i += 1\n    return \(c) * t\n",
                      inputs: CodeTask.cases(&rng, [[.int(s - 1)], [.int(s)], [10]]) { [.int($0.int(in: 0...40))] }) {
        let n = $0[0].i
        return .int(n < s ? 0 : c * (s...n).reduce(0) { t, i in t + (0..<p).reduce(1) { r, _ in r * i } })
      }
    },
    { rng in
      let k = rng.int(in: -10...30)
      let modes = [("greater than", ">"), ("less than", "<"), ("at least", ">="), ("at most", "<=")]
      let (word, op) = modes[rng.below(4)]
      return CodeTask("keep", ["xs"], "returns a new list of the elements of xs that are \(word) \(k), in their original order.",
                      "def keep(xs):\n    out = []\n    for x in xs:\n        if x \(op) \(k):\n            out.append(x)\n    return out\n",
                      inputs: CodeTask.cases(&rng, [[.array([])], [CodeTask.ints([k])]]) { [CodeTask.list(&$0, 1...10, -20...45)] }) {
        CodeTask.ints($0[0].ints.filter { x in op == ">" ? x > k : op == "<" ? x < k : op == ">=" ? x >= k : x <= k })
      }
    },
    { rng in
      let k = rng.int(in: 2...12), r = rng.int(in: 0...(k - 1))
      return CodeTask("count_mod", ["xs"], "returns how many elements x of the list xs satisfy x % \(k) == \(r) (Python's %, so the result of % is never negative here).",
                      "def count_mod(xs):\n    n = 0\n    for x in xs:\n        if x % \(k) == \(r):\n            n += 1\n    return n\n",
                      inputs: CodeTask.cases(&rng, [[.array([])], [CodeTask.ints([r, r + k, r + 1, -k])]]) { [CodeTask.list(&$0, 1...12, -30...60)] }) {
        .int($0[0].ints.filter { (($0 % k) + k) % k == r }.count)
      }
    },
    { rng in
      let k = rng.int(in: -10...20)
      return CodeTask("reverse_shift", ["xs"], "returns the list xs reversed, with \(k) added to every element.",
                      "def reverse_shift(xs):\n    out = []\n    i = len(xs) - 1\n    while i >= 0:\n        out.append(xs[i] + \(k))\n        i -= 1\n    return out\n",
                      inputs: CodeTask.cases(&rng, [[.array([])], [CodeTask.ints([1])]]) { [CodeTask.list(&$0, 1...9, -30...30)] }) {
        CodeTask.ints($0[0].ints.reversed().map { $0 + k })
      }
    },
    { rng in
      let k = rng.int(in: 1...12)
      return CodeTask("spread", ["xs"], "returns \(k) times the difference between the largest and the smallest element of the non-empty list xs.",
                      "def spread(xs):\n    return \(k) * (max(xs) - min(xs))\n",
                      inputs: CodeTask.cases(&rng, [[CodeTask.ints([4])], [CodeTask.ints([1, 9, -2])]]) { [CodeTask.list(&$0, 1...10, -50...50)] }) {
        .int(k * ($0[0].ints.max()! - $0[0].ints.min()!))
      }
    },
    { rng in
      let m = rng.pick([7, 10, 11, 13, 17, 97, 100, 101, 997, 1000])
      return CodeTask("product_mod", ["xs"], "returns the product of the elements of the list xs modulo \(m) (Python's %; the product of an empty list is 1).",
                      "def product_mod(xs):\n    p = 1\n    for x in xs:\n        p = p * x % \(m)\n    return p % \(m)\n",
                      inputs: CodeTask.cases(&rng, [[.array([])], [CodeTask.ints([-3, 5])]]) { [CodeTask.list(&$0, 1...12, -40...90)] }) {
        var p = 1
        for x in $0[0].ints { p = ((p * x) % m + m) % m }
        return .int(p % m)
      }
    },
  ]
}

