// `code` task families of levels 4 (recurrences, number theory, prefix state) and 5 (nested loops,
// classic small algorithms). Expected outputs come from the plain Swift beside each reference.
import JSON
import Seeded

extension CodeFamilies {
  static func isPrime(_ n: Int) -> Bool {
    if n < 2 { return false }
    var d = 2
    while d * d <= n { if n % d == 0 { return false }; d += 1 }
    return true
  }

  static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? abs(a) : gcd(b, a % b) }

  static let isPrimeSource = "def is_prime(n):\n    if n < 2:\n        return False\n    d = 2\n    while d * d <= n:\n        if n % d == 0:\n            return False\n        d += 1\n    return True\n"

  static let level4: [Family] = [
    { rng in
      let a = rng.int(in: 0...5), b = rng.int(in: 1...6), c = rng.int(in: 1...4)
      return CodeTask("seq", ["n"], "returns term n of the sequence with seq(0) = \(a), seq(1) = \(b) and seq(n) = seq(n-1) + \(c) * seq(n-2) for n >= 2.",
                      "def seq(n):\n    a, b = \(a), \(b)\n    for _ in range(n):\n        a, b = b, b + \(c) * a\n    return a\n",
                      inputs: CodeTask.cases(&rng, [[0], [1], [2]]) { [.int($0.int(in: 3...25))] }) {
        var x = a, y = b
        for _ in 0..<$0[0].i { (x, y) = (y, y + c * x) }
        return .int(x)
      }
    },
    { rng in
      let base = rng.int(in: 2...10), d = rng.int(in: 0...(base - 1))
      return CodeTask("count_digit", ["n"], "returns how many digits of the non-negative integer n, written in base \(base), are equal to \(d) (0 is written as the single digit 0).",
                      "def count_digit(n):\n    if n == 0:\n        return \(d == 0 ? 1 : 0)\n    c = 0\n    while n > 0:\n        if n % \(base) == \(d):\n            c += 1\n        n = n // \(base)\n    return c\n",
                      inputs: CodeTask.cases(&rng, [[0], [.int(d)], [.int(base * base + d)]]) { [.int($0.int(in: 0...100_000))] }) {
        var n = $0[0].i, c = 0
        if n == 0 { return .int(d == 0 ? 1 : 0) }
        while n > 0 { if n % base == d { c += 1 }; n /= base }
        return .int(c)
      }
    },
    { rng in
      let m = rng.int(in: 2...6), r = rng.int(in: 0...(m - 1))
      return CodeTask("count_primes", ["n"], "returns how many prime numbers p <= n satisfy p % \(m) == \(r).",
                      isPrimeSource + "\n\ndef count_primes(n):\n    c = 0\n    for p in range(2, n + 1):\n        if p % \(m) == \(r) and is_prime(p):\n            c += 1\n    return c\n",
                      inputs: CodeTask.cases(&rng, [[1], [2], [30]]) { [.int($0.int(in: 3...200))] }) {
        .int($0[0].i < 2 ? 0 : (2...$0[0].i).filter { $0 % m == r && isPrime($0) }.count)
      }
    },
    { rng in
      let k = rng.int(in: -20...30)
      return CodeTask("running_max", ["xs"], "returns a list whose element i is the largest of xs[0], ..., xs[i], plus \(k).",
                      "def running_max(xs):\n    out = []\n    for i in range(len(xs)):\n        if i == 0 or xs[i] > best:\n            best = xs[i]\n        out.append(best + \(k))\n    return out\n",
                      inputs: CodeTask.cases(&rng, [[.array([])], [CodeTask.ints([3, 1, 4, 1, 5])]]) { [CodeTask.list(&$0, 1...10, -30...30)] }) {
        var best = Int.min
        return CodeTask.ints($0[0].ints.map { best = max(best, $0); return best + k })
      }
    },
    { rng in
      let k = rng.int(in: 1...40)
      return CodeTask("gcd_times", ["a", "b"], "returns \(k) times the greatest common divisor of the positive integers a and b.",
                      "def gcd_times(a, b):\n    while b != 0:\n        a, b = b, a % b\n    return \(k) * a\n",
                      inputs: CodeTask.cases(&rng, [[1, 1], [12, 18], [17, 5]]) { [.int($0.int(in: 1...500)), .int($0.int(in: 1...500))] }) {
        .int(k * gcd($0[0].i, $0[1].i))
      }
    },
    { rng in
      let k = rng.int(in: 1...30)
      return CodeTask("alt_sum", ["xs"], "returns \(k) times the alternating sum xs[0] - xs[1] + xs[2] - xs[3] + ... of the list xs (0 for an empty list).",
                      "def alt_sum(xs):\n    t = 0\n    for i in range(len(xs)):\n        if i % 2 == 0:\n            t += xs[i]\n        else:\n            t -= xs[i]\n    return \(k) * t\n",
                      inputs: CodeTask.cases(&rng, [[.array([])], [CodeTask.ints([7])]]) { [CodeTask.list(&$0, 1...10, -20...20)] }) {
        .int(k * $0[0].ints.enumerated().reduce(0) { $0 + ($1.offset % 2 == 0 ? $1.element : -$1.element) })
      }
    },
  ]

  static let level5: [Family] = [
    { rng in
      let t = rng.int(in: -30...60)
      return CodeTask("pair_count", ["xs"], "returns the number of index pairs i < j with xs[i] + xs[j] == \(t).",
                      "def pair_count(xs):\n    c = 0\n    for i in range(len(xs)):\n        for j in range(i + 1, len(xs)):\n            if xs[i] + xs[j] == \(t):\n                c += 1\n    return c\n",
                      inputs: CodeTask.cases(&rng, [[.array([])], [CodeTask.ints([t / 2, t - t / 2, t / 2])]]) { [CodeTask.list(&$0, 2...12, -15...40)] }) {
        let xs = $0[0].ints
        var c = 0
        for i in xs.indices { for j in xs.indices where j > i && xs[i] + xs[j] == t { c += 1 } }
        return .int(c)
      }
    },
    { rng in
      let k = rng.int(in: 1...15), left = rng.below(2) == 0
      return CodeTask("rotate", ["xs"], "returns the list xs rotated \(left ? "left" : "right") by \(k) positions (an empty list stays empty; \(k) may exceed the length).",
                      "def rotate(xs):\n    n = len(xs)\n    if n == 0:\n        return []\n    s = \(left ? "" : "-")\(k) % n\n    return xs[s:] + xs[:s]\n",
                      inputs: CodeTask.cases(&rng, [[.array([])], [CodeTask.ints([1, 2, 3])]]) { [CodeTask.list(&$0, 1...9, 0...50)] }) {
        let xs = $0[0].ints, n = xs.count
        guard n > 0 else { return .array([]) }
        let s = ((left ? k : -k) % n + n) % n
        return CodeTask.ints(Array(xs[s...] + xs[..<s]))
      }
    },
    { rng in
      let k = rng.int(in: 0...80)
      return CodeTask("nth_prime", ["n"], "returns the n-th prime number plus \(k), counting from nth_prime(1) = 2 + \(k).",
                      isPrimeSource + "\n\ndef nth_prime(n):\n    p = 1\n    while n > 0:\n        p += 1\n        if is_prime(p):\n            n -= 1\n    return p + \(k)\n",
                      inputs: CodeTask.cases(&rng, [[1], [2], [10]]) { [.int($0.int(in: 1...60))] }) {
        var n = $0[0].i, p = 1
        while n > 0 { p += 1; if isPrime(p) { n -= 1 } }
        return .int(p + k)
      }
    },
    { rng in
      let k = rng.int(in: -40...40)
      return CodeTask("best_run", ["xs"], "returns the largest sum of a non-empty run of consecutive elements of the non-empty list xs, plus \(k).",
                      "def best_run(xs):\n    best = xs[0]\n    cur = 0\n    for x in xs:\n        cur = max(cur + x, x)\n        best = max(best, cur)\n    return best + \(k)\n",
                      inputs: CodeTask.cases(&rng, [[CodeTask.ints([-3])], [CodeTask.ints([-2, -1, -5])]]) { [CodeTask.list(&$0, 1...12, -20...20)] }) {
        let xs = $0[0].ints
        var best = Int.min
        for i in xs.indices { var s = 0; for j in i..<xs.count { s += xs[j]; best = max(best, s) } }
        return .int(best + k)
      }
    },
    { rng in
      let k = rng.int(in: 1...20), desc = rng.below(2) == 0
      return CodeTask("unique_sorted", ["xs"], "returns the distinct elements of xs, each multiplied by \(k), sorted in \(desc ? "decreasing" : "increasing") order.",
                      "def unique_sorted(xs):\n    out = []\n    for x in sorted(xs):\n        if x * \(k) not in out:\n            out.append(x * \(k))\n    \(desc ? "return out[::-1]" : "return out")\n",
                      inputs: CodeTask.cases(&rng, [[.array([])], [CodeTask.ints([2, 2, 1])]]) { [CodeTask.list(&$0, 1...12, -9...9)] }) {
        let u = Set($0[0].ints.map { $0 * k }).sorted()
        return CodeTask.ints(desc ? u.reversed() : u)
      }
    },
    { rng in
      let t = rng.int(in: 1...12)
      return CodeTask("collatz_steps", ["n"], "returns how many steps n -> n // 2 (n even) or n -> 3 * n + 1 (n odd) it takes the positive integer n to reach a value <= \(t) (0 if n <= \(t) already).",
                      "def collatz_steps(n):\n    s = 0\n    while n > \(t):\n        if n % 2 == 0:\n            n = n // 2\n        else:\n            n = 3 * n + 1\n        s += 1\n    return s\n",
                      inputs: CodeTask.cases(&rng, [[1], [.int(t + 1)], [27]]) { [.int($0.int(in: 1...300))] }) {
        var n = $0[0].i, s = 0
        while n > t { n = n % 2 == 0 ? n / 2 : 3 * n + 1; s += 1 }
        return .int(s)
      }
    },
  ]
}
