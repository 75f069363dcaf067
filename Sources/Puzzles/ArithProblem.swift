// The arith problem templates, by level. Level 1: one operation; 2: two steps; 3: three steps,
// percentages, fractions, one-step equations; 4: equations with unknowns on both sides, systems,
// rates, order of operations; 5: quadratics, series, two-unknown word problems, chained percentages.
import Seeded

public struct ArithProblem: Sendable {
  public var question: String
  /// The gold answer in LaTeX (`17`, `\frac{3}{4}`, `-2, 5`).
  public var answer: String
  public var solution: String

  typealias Maker = @Sendable (inout SeededRNG) -> ArithProblem

  static let names = ["Ava", "Ben", "Chloe", "Dev", "Emma", "Farid", "Grace", "Hiro", "Iris", "Jonas",
                      "Kemi", "Liam", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sami", "Tara"]
  static let items = ["apple", "marble", "sticker", "pencil", "card", "stamp", "shell", "book", "coin", "cookie"]

  /// A rational in lowest terms as LaTeX: an integer, a short decimal, or `\frac{p}{q}`.
  static func latex(_ n: Int, _ d: Int) -> String {
    precondition(d != 0, "arith template produced a zero denominator")
    var g = MathValue.gcd(abs(n), abs(d)); if g == 0 { g = 1 }
    var p = n / g, q = d / g
    if q < 0 { p = -p; q = -q }
    if q == 1 { return String(p) }
    return (p < 0 ? "-" : "") + "\\frac{\(abs(p))}{\(q)}"
  }

  /// Money-style value: at most two decimals when exact, else a fraction.
  static func decimal(_ n: Int, _ d: Int) -> String {
    let v = MathValue.rational(n, d)
    guard case .exact(let p, let q) = v, 100 % q == 0 else { return latex(n, d) }
    if q == 1 { return String(p) }
    let cents = abs(p) * (100 / q)
    let frac = cents % 100
    let fracText = frac % 10 == 0 ? String(frac / 10) : (frac < 10 ? "0" : "") + String(frac)
    return (p < 0 ? "-" : "") + String(cents / 100) + "." + fracText
  }

  static func nonzero(_ rng: inout SeededRNG, _ r: ClosedRange<Int>) -> Int {
    while true { let v = rng.int(in: r); if v != 0 { return v } }
  }

  /// `+ 3` / `- 3` for writing a signed term after another.
  static func signed(_ v: Int) -> String { v < 0 ? "- \(-v)" : "+ \(v)" }

  static let makers: [[Maker]] = [level1, level2, level3, level4, level5]

  static let level1: [Maker] = [
    { rng in
      let who = rng.pick(names), it = rng.pick(items), a = rng.int(in: 3...60), b = rng.int(in: 2...40)
      return .init(question: "\(who) has \(a) \(it)s and gets \(b) more. How many \(it)s does \(who) have now?",
                   answer: String(a + b), solution: "\(a) + \(b) = \(a + b)")
    },
    { rng in
      let who = rng.pick(names), it = rng.pick(items), b = rng.int(in: 2...40), a = b + rng.int(in: 1...50)
      return .init(question: "\(who) had \(a) \(it)s and gave away \(b). How many \(it)s are left?",
                   answer: String(a - b), solution: "\(a) - \(b) = \(a - b)")
    },
    { rng in
      let it = rng.pick(items), a = rng.int(in: 2...15), b = rng.int(in: 2...15)
      return .init(question: "Each box holds \(a) \(it)s. How many \(it)s are in \(b) boxes?",
                   answer: String(a * b), solution: "\(a) \\times \(b) = \(a * b)")
    },
    { rng in
      let b = rng.int(in: 2...12), q = rng.int(in: 2...20)
      return .init(question: "What is $\(b * q) \\div \(b)$?", answer: String(q), solution: "\(b * q) / \(b) = \(q)")
    },
  ]

  static let level2: [Maker] = [
    { rng in
      let who = rng.pick(names), it = rng.pick(items), n = rng.int(in: 2...9), k = rng.int(in: 3...12)
      let g = rng.int(in: 1...(n * k - 1))
      return .init(question: "\(who) buys \(n) packs of \(it)s with \(k) in each pack, then gives away \(g). How many \(it)s does \(who) keep?",
                   answer: String(n * k - g), solution: "\(n) \\times \(k) = \(n * k); \(n * k) - \(g) = \(n * k - g)")
    },
    { rng in
      let a = rng.int(in: 1...20), b = rng.int(in: 1...20), c = rng.int(in: 2...9), d = rng.int(in: 1...30)
      let v = (a + b) * c - d
      return .init(question: "Evaluate $(\(a) + \(b)) \\times \(c) - \(d)$.", answer: String(v),
                   solution: "\(a) + \(b) = \(a + b); \(a + b) \\times \(c) = \((a + b) * c); \((a + b) * c) - \(d) = \(v)")
    },
    { rng in
      let it = rng.pick(items), f = rng.int(in: 2...8), each = rng.int(in: 2...12), extra = rng.int(in: 1...9)
      return .init(question: "\(f * each) \(it)s are shared equally among \(f) friends, and then each friend finds \(extra) more. How many \(it)s does each friend have?",
                   answer: String(each + extra), solution: "\(f * each) / \(f) = \(each); \(each) + \(extra) = \(each + extra)")
    },
    { rng in
      let a = nonzero(&rng, -9...9), x = rng.int(in: -15...15)
      return .init(question: "Solve for $x$: $\(a)x = \(a * x)$.", answer: String(x), solution: "x = \(a * x) / \(a) = \(x)")
    },
  ]

  static let level3: [Maker] = [
    { rng in
      let a = nonzero(&rng, -9...9), x = rng.int(in: -20...20), b = rng.int(in: -30...30)
      return .init(question: "Solve for $x$: $\(a)x \(signed(b)) = \(a * x + b)$.", answer: String(x),
                   solution: "\(a)x = \(a * x + b) - (\(b)) = \(a * x); x = \(x)")
    },
    { rng in
      let price = rng.int(in: 4...60) * 5, r = rng.pick([10, 15, 20, 25, 30, 40, 50, 60, 75])
      let who = rng.pick(names)
      return .init(question: "A jacket costs \\$\(price). \(who) buys it at a \(r)\\% discount. How many dollars does \(who) pay?",
                   answer: decimal(price * (100 - r), 100),
                   solution: "\(price) \\times \(100 - r)/100 = \(decimal(price * (100 - r), 100))")
    },
    { rng in
      let a = rng.int(in: 1...9), b = rng.int(in: 2...12), c = rng.int(in: 1...9), d = rng.int(in: 2...12)
      return .init(question: "Evaluate $\\frac{\(a)}{\(b)} + \\frac{\(c)}{\(d)}$ and write it as a fraction in lowest terms.",
                   answer: latex(a * d + c * b, b * d),
                   solution: "\\frac{\(a * d) + \(c * b)}{\(b * d)} = \(latex(a * d + c * b, b * d))")
    },
    { rng in
      let n = rng.int(in: 3...8), m = rng.int(in: 5...40), x = rng.int(in: 1...90)
      return .init(question: "The average of \(n) numbers is \(m). When one more number, \(x), is added, what is the new average?",
                   answer: latex(n * m + x, n + 1),
                   solution: "sum = \(n) \\times \(m) = \(n * m); (\(n * m) + \(x)) / \(n + 1) = \(latex(n * m + x, n + 1))")
    },
  ]

  static let level4: [Maker] = [
    { rng in
      let a = nonzero(&rng, -9...9)
      var c = nonzero(&rng, -9...9)
      while c == a { c = nonzero(&rng, -9...9) }
      let b = rng.int(in: -20...20), d = rng.int(in: -20...20)
      // a x + b = c x + d  ->  x = (d - b) / (a - c)
      return .init(question: "Solve for $x$: $\(a)x \(signed(b)) = \(c)x \(signed(d))$.", answer: latex(d - b, a - c),
                   solution: "(\(a) - (\(c)))x = \(d) - (\(b)); x = \(latex(d - b, a - c))")
    },
    { rng in
      let x = rng.int(in: -12...12), y = rng.int(in: -12...12)
      return .init(question: "If $x + y = \(x + y)$ and $x - y = \(x - y)$, what is $xy$?", answer: String(x * y),
                   solution: "2x = \(2 * x), x = \(x); y = \(y); xy = \(x * y)")
    },
    { rng in
      let a = rng.int(in: 2...12), b = rng.int(in: 2...12)
      return .init(question: "Pipe A fills a tank in \(a) hours and pipe B fills it in \(b) hours. How many hours do both pipes take together?",
                   answer: latex(a * b, a + b), solution: "1/\(a) + 1/\(b) = \(latex(a + b, a * b)); time = \(latex(a * b, a + b))")
    },
    { rng in
      let e = rng.int(in: 2...6), c = rng.int(in: 2...9), d = rng.int(in: -5...(c - 1))
      let sq = (c - d) * (c - d), k = rng.int(in: 1...5), b = k * e, a = rng.int(in: 1...60)
      // a - b (c - d)^2 / e  with b divisible by e
      let v = a - b * sq / e
      return .init(question: "Evaluate $\(a) - \(b) \\times (\(c) - (\(d)))^2 \\div \(e)$.", answer: String(v),
                   solution: "(\(c) - (\(d)))^2 = \(sq); \(b) \\times \(sq) = \(b * sq); \(b * sq) / \(e) = \(b * sq / e); \(a) - \(b * sq / e) = \(v)")
    },
  ]

  static let level5: [Maker] = [
    { rng in
      let r1 = rng.int(in: -12...12), r2 = r1 + rng.int(in: 1...12)
      let p = -(r1 + r2), q = r1 * r2
      return .init(question: "Find all solutions of $x^2 \(signed(p))x \(signed(q)) = 0$. List them in increasing order, separated by commas.",
                   answer: "\(r1), \(r2)", solution: "(x - (\(r1)))(x - (\(r2))) = 0; x = \(r1), \(r2)")
    },
    { rng in
      let a = rng.int(in: -10...20), d = nonzero(&rng, -5...9), n = rng.int(in: 5...30)
      let s = n * (2 * a + (n - 1) * d) / 2
      return .init(question: "An arithmetic sequence starts at \(a) and each term is \(d) more than the previous one. What is the sum of its first \(n) terms?",
                   answer: String(s), solution: "last = \(a) + \(n - 1) \\times \(d) = \(a + (n - 1) * d); sum = \(n)(\(a) + \(a + (n - 1) * d))/2 = \(s)")
    },
    { rng in
      let adult = rng.int(in: 6...20), child = rng.int(in: 2...(adult - 1)), na = rng.int(in: 1...60), nc = rng.int(in: 1...60)
      let total = adult * na + child * nc
      return .init(question: "Adult tickets cost \\$\(adult) and child tickets cost \\$\(child). \(na + nc) tickets were sold for \\$\(total) in all. How many adult tickets were sold?",
                   answer: String(na), solution: "\(adult)a + \(child)(\(na + nc) - a) = \(total); \(adult - child)a = \(total - child * (na + nc)); a = \(na)")
    },
    { rng in
      let p = rng.int(in: 2...40) * 10, up = rng.pick([10, 20, 25, 30, 50]), down = rng.pick([10, 20, 25, 40, 50])
      let n = p * (100 + up) * (100 - down), d = 10_000
      return .init(question: "A price of \\$\(p) rises by \(up)\\% and then the new price falls by \(down)\\%. What is the final price in dollars?",
                   answer: decimal(n, d), solution: "\(p) \\times \(100 + up)/100 \\times \(100 - down)/100 = \(decimal(n, d))")
    },
  ]
}
