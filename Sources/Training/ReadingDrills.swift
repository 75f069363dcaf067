// Reading drills for the base corpus: short texts whose second half can only be predicted by
// copying from, or looking up in, the first half (repeat a list, number it with given roles, quote
// what a named person said, name who said a quote). A real pretrained base model brings this
// in-context copying from web text; a few-million-parameter model trained on a couple of million
// tokens of short-answer items does not (measured: with none, the base answered K&K with names
// that are not in the puzzle and predicted a repeated name list no better than chance). No drill
// solves or reasons about a puzzle: they teach reading, not K&K.
import JSON
import Puzzles
import Seeded

public enum ReadingDrills {
  /// The drill kinds. "list" is the plain induction task: 8-30 names drawn with replacement,
  /// space-separated, then the same again (the form PyTorch's Qwen2 learnt to copy at batch 64,
  /// notebooks-md/2026-12-01-copying.md); the others are in the K&K wording.
  /// "judge" is one check line of the `enumerate` K&K trace (`KKEnumeration.judgeDrill`): an
  /// assignment, a claim, and the claim judged under it.
  /// "fact" is not reading: eight arithmetic facts in the LaTeX of the arith worked solutions
  /// ("14 \\times 6 = 84"), over the operand ranges the arith and choice templates of levels 1-2 use
  /// (`factLine`). A pretrained base knows its small tables; ours learns them here, so that a worked
  /// line can be right. No fact names a question.
  /// "lookup" is the choice domain's last step: ten lettered options (numbers, clock times or names,
  /// as the choice questions use), then "Which option is V?" answered " V is option (L)." in the
  /// words of the worked choice items; V is always one of the options.
  /// "compare" is the step of the `scan` worked choice line that base v5 did not learn from the
  /// choice items alone: a value V, then eight candidates each judged against it in the scan's words
  /// ("72 vs 72 yes, 73 vs 72 no"), about two in five equal and the rest near misses (one digit
  /// changed, two swapped, one added or dropped, off by one or ten; clock times and fractions alike,
  /// other names for a name), so that only an exact comparison predicts the verdict.
  /// "tries" is several check lines of one random puzzle under assignments that change a few
  /// people at a time at random (`KKEnumeration.triesDrill`), so that a role can only be read off
  /// its own line, not guessed from the search's order; 3 or 4 people, the sizes the warmup trains.
  /// "recall" is the look-up alone, in the trace's tokens: two assignments of the same 3-4 people
  /// (the second flips at least one person of the first), then " |" and every person of the second in a
  /// shuffled order with their role ("Zoe=knave Sam=knight ..."): the order gives nothing away and the
  /// line before holds the same names with other roles, so only a look-up by name in the last line
  /// predicts a role. ~25 tokens: many look-ups per token trained. At batch 64 the 3.67M model sits
  /// at ~20% wrong for ~1,000 steps, then learns it (0 of 1,055 wrong after ~3,100 steps;
  /// notebooks-md/2026-12-07-lookups.md); learnt alone, before the traces, it erased their other steps.
  /// "recall-atoms" is "recall" answered in the form of a check line's atoms ("Zoe=knave, Sam=knight"):
  /// comma-separated, so that no space-separated assignment is ever out of order (a shuffled
  /// assignment-like list taught the 2026-12-07 model to repeat names when it copied one).
  /// "recall-ordered" is "recall" with the order moved: the second assignment is written shuffled and the
  /// response is everyone in the first assignment's order, with the second's roles, space-separated. The
  /// names are an ordered copy of the first line (as a trace restates its assignment); each role is a
  /// look-up by name in the shuffled line, and a read by place in the first line is wrong wherever a role flipped.
  public static let kinds = ["repeat", "roles", "quote", "speaker", "list", "judge", "fact", "lookup", "compare", "tries", "recall",
                             "recall-atoms", "recall-ordered"]
  /// The refusal for the first of `kinds` that is not a drill kind ("unknown kind "x"; valid kinds:
  /// ..."), or nil when all are known: the configs' and `warmrl tasks drills`' check.
  public static func unknownKind(in kinds: [String]) -> String? {
    kinds.first { !Self.kinds.contains($0) }.map { "unknown kind \"\($0)\"; valid kinds: \(Self.kinds.joined(separator: ", "))" }
  }

  /// The kinds `make` and `corpus.drillKinds` use when none are given (the four in K&K wording).
  public static let defaultKinds = ["repeat", "roles", "quote", "speaker"]

  /// `count` drills as corpus items {prompt, response, domain: "drill", difficulty: kind, id}, kinds
  /// taken in turn from `kinds`; same seed and kinds, same items.
  public static func make(count: Int, seed: UInt64, kinds: [String] = defaultKinds) -> [JSON] {
    precondition(!kinds.isEmpty && kinds.allSatisfy(Self.kinds.contains), "ReadingDrills.make: unknown kinds \(kinds)")
    var rng = SeededRNG(seed: seed, stream: 0xD211_1500)
    var out: [JSON] = []
    out.reserveCapacity(count)
    for i in 0..<count {
      let kind = kinds[i % kinds.count]
      let (prompt, response) = drill(kind: kind, rng: &rng)
      var o = JSONObject()
      o["prompt"] = .string(prompt)
      o["response"] = .string(response)
      o["domain"] = .string("drill")
      o["difficulty"] = .string(kind)
      o["id"] = .string("drill-\(kind)-\(i)")
      out.append(.object(o))
    }
    return out
  }

  static func names(_ n: Int, rng: inout SeededRNG) -> [String] {
    var pool = KKRender.commonNames
    rng.shuffle(&pool)
    return Array(pool.prefix(n))
  }

  /// "A, B, and C" as the K&K prompts list people.
  static func listed(_ names: [String]) -> String {
    names.count == 2 ? "\(names[0]) and \(names[1])" : names.dropLast().joined(separator: ", ") + ", and " + names.last!
  }

  /// A claim in the K&K wording about people in `names` (no truth value is implied or derived).
  static func claim(_ names: [String], rng: inout SeededRNG) -> String {
    let a = rng.pick(names), b = rng.pick(names)
    let ra = rng.below(2) == 0 ? "a knight" : "a knave", rb = rng.below(2) == 0 ? "a knight" : "a knave"
    switch rng.below(6) {
    case 0: return "\(a) is \(ra)"
    case 1: return "\(a) is not \(ra)"
    case 2: return "\(a) is \(ra) and \(b) is \(rb)"
    case 3: return "\(a) is \(ra) or \(b) is \(rb)"
    case 4: return "If \(a) is \(ra) then \(b) is \(rb)"
    default: return "\(a) is \(ra) if and only if \(b) is \(rb)"
    }
  }

  /// One arithmetic fact: sums to 100 + 60, differences from up to 400, products of 2...49 by
  /// 2...19 and of 2...40 by the unit factors of the choice conversions, exact quotients by 2...12.
  static func factLine(rng: inout SeededRNG) -> String {
    switch rng.below(5) {
    case 0:
      let a = rng.int(in: 1...100), b = rng.int(in: 1...60)
      return "\(a) + \(b) = \(a + b)"
    case 1:
      let a = rng.int(in: 2...400), b = rng.int(in: 1...min(a, 60))
      return "\(a) - \(b) = \(a - b)"
    case 2:
      let a = rng.int(in: 2...49), b = rng.int(in: 2...19)
      return rng.below(2) == 0 ? "\(a) \\times \(b) = \(a * b)" : "\(b) \\times \(a) = \(a * b)"
    case 3:
      let a = rng.int(in: 2...40), f = rng.pick([3, 7, 10, 12, 24, 60, 100, 1000])
      return "\(a) \\times \(f) = \(a * f)"
    default:
      let b = rng.int(in: 2...12), q = rng.int(in: 2...20)
      return "\(b * q) / \(b) = \(q)"
    }
  }

  /// A value of the kinds the choice options hold: mostly integers of 1-5 digits (some negative),
  /// clock times, fractions, names.
  static func compareValue(rng: inout SeededRNG) -> String {
    switch rng.below(10) {
    case 0, 1: return String(rng.int(in: 0...99))
    case 2, 3: return String(rng.int(in: 100...999))
    case 4, 5: return String(rng.int(in: 1000...30000))
    case 6: return String(-rng.int(in: 1...300))
    case 7: return "\(rng.int(in: 0...23)):\(rng.below(6))\(rng.below(10))"
    case 8: return "\(rng.int(in: 1...15))/\(rng.int(in: 2...16))"
    default: return rng.pick(KKRender.commonNames)
    }
  }

  /// A string near `v` but not equal to it: for numbers, clock times and fractions one digit
  /// changed, two neighbours swapped, a digit added or dropped, or the integer off by 1 or 10;
  /// for a name, another name.
  static func nearMiss(_ v: String, rng: inout SeededRNG) -> String {
    let chars = Array(v)
    guard chars.contains(where: \.isNumber) else {
      var other = v
      while other == v { other = rng.pick(KKRender.commonNames) }
      return other
    }
    let digitAt = chars.indices.filter { chars[$0].isNumber }
    for _ in 0..<50 {
      var c = chars
      switch rng.below(5) {
      case 0:
        let i = rng.pick(digitAt)
        c[i] = Character(String(rng.below(10)))
      case 1:
        let pairs = digitAt.filter { $0 + 1 < c.count && c[$0 + 1].isNumber }
        guard let i = pairs.isEmpty ? nil : rng.pick(pairs) else { continue }
        c.swapAt(i, i + 1)
      case 2:
        let i = rng.pick(digitAt)
        c.insert(Character(String(rng.below(10))), at: i + 1)
      case 3:
        guard digitAt.count > 1 else { continue }
        c.remove(at: rng.pick(digitAt))
      default:
        guard let n = Int(v) else { continue }
        return String(n + rng.pick([-10, -1, 1, 10]))
      }
      let x = String(c)
      // No leading zero on a number of several digits (a giveaway), and never v itself.
      if x != v, !(x.count > 1 && x.first == "0"), !x.hasPrefix("-0") { return x }
    }
    return v + "0"
  }

  static func drill(kind: String, rng: inout SeededRNG) -> (String, String) {
    if kind == "list" {
      let xs = (0..<rng.int(in: 8...30)).map { _ in rng.pick(KKRender.commonNames) }.joined(separator: " ")
      return ("Names: \(xs).\nThe same names again, in order:", " \(xs).")
    }
    if kind == "fact" {
      return ("Arithmetic facts:", (0..<8).map { _ in "\n" + factLine(rng: &rng) }.joined())
    }
    if kind == "lookup" {
      var values: [String] = []
      let form = rng.below(4)
      while values.count < 10 {
        let v: String
        switch form {
        case 0: v = String(rng.int(in: 0...99))
        case 1: v = String(rng.int(in: 100...2500))
        case 2: v = "\(rng.int(in: 1...12)):\(rng.below(6))\(rng.below(10))"
        default: v = rng.pick(KKRender.commonNames)
        }
        if !values.contains(v) { values.append(v) }
      }
      let k = rng.below(10), letters = ChoiceDomain.letters
      let lines = (0..<10).map { "\(letters[$0]). \(values[$0])" }.joined(separator: "\n")
      return ("Options:\n\(lines)\n\nWhich option is \(values[k])?", " \(values[k]) is option (\(letters[k])).")
    }
    if kind == "compare" {
      let v = compareValue(rng: &rng)
      let entries = (0..<8).map { _ in
        let x = rng.nextDouble() < 0.4 ? v : nearMiss(v, rng: &rng)
        return "\(x) vs \(v) \(x == v ? "yes" : "no")"
      }
      return ("Compare with \(v):", " " + entries.joined(separator: ", ") + ".")
    }
    if kind == "recall" || kind == "recall-atoms" || kind == "recall-ordered" {
      let people = names(rng.int(in: 3...4), rng: &rng)
      let last = people.map { _ in rng.below(2) == 0 }
      var now = last
      for i in 0..<people.count where rng.below(3) == 0 { now[i].toggle() }
      if now == last { now[rng.below(people.count)].toggle() }
      func text(_ i: Int, _ r: [Bool]) -> String { people[i] + "=" + (r[i] ? "knight" : "knave") }
      let inOrder = Array(0..<people.count)
      var shuffled = inOrder
      rng.shuffle(&shuffled)
      // "recall-ordered" shuffles the second line and answers in order; the others the reverse.
      let (second, asked) = kind == "recall-ordered" ? (shuffled, inOrder) : (inOrder, shuffled)
      return (inOrder.map { text($0, last) }.joined(separator: " ") + "\n"
                + second.map { text($0, now) }.joined(separator: " ") + " |",
              " " + asked.map { text($0, now) }.joined(separator: kind == "recall-atoms" ? ", " : " "))
    }
    if kind == "tries" {
      let people = names(rng.int(in: 3...4), rng: &rng)
      return KKEnumeration.triesDrill(names: people, rng: &rng)
    }
    if kind == "judge" {
      let people = names(rng.int(in: 2...6), rng: &rng)
      return KKEnumeration.judgeDrill(names: people, rng: &rng)
    }
    let n = rng.int(in: 3...8)
    let people = names(n, rng: &rng)
    switch kind {
    case "repeat":
      return ("Names: \(people.joined(separator: ", ")).\nThe same names again, in order:",
              " \(people.joined(separator: ", ")).")
    case "roles":
      let roles = people.map { _ in rng.below(2) == 0 ? "a knight" : "a knave" }
      let given = zip(people, roles).map { "\($0) is \($1)" }
      var order = Array(0..<n)
      rng.shuffle(&order)
      let stated = order.map { given[$0] }.joined(separator: ". ")
      let lines = (0..<n).map { "(\($0 + 1)) \(given[$0])" }.joined(separator: "\n")
      return ("You meet \(n) inhabitants: \(listed(people)). We are told: \(stated).\nList the identity of each person one by one, in the order they were met:",
              "\n\(lines)")
    case "quote", "speaker":
      let claims = people.map { _ in claim(people, rng: &rng) }
      let text = zip(people, claims).map { "\($0) said, \"\($1)\"." }.joined(separator: " ")
      let k = rng.below(n)
      if kind == "quote" {
        return ("You meet \(n) inhabitants: \(listed(people)). \(text)\nWhat did \(people[k]) say?", " \"\(claims[k])\"")
      }
      // Claims can repeat; ask only about a quote one person alone said.
      let unique = (0..<n).filter { j in claims.filter { $0 == claims[j] }.count == 1 }
      let j = unique.isEmpty ? k : unique[rng.below(unique.count)]
      let who = unique.isEmpty ? people.enumerated().filter { claims[$0.offset] == claims[j] }.map(\.element).joined(separator: " and ") : people[j]
      return ("You meet \(n) inhabitants: \(listed(people)). \(text)\nWho said \"\(claims[j])\"?", " \(who)")
    default:
      preconditionFailure("unknown drill kind \(kind)")
    }
  }
}
