import JSON
@testable import Puzzles
import Testing

@Suite struct ChoiceDomainTests {
  let opts = (0..<10).map { "opt\($0)" }

  @Test func letterParsing() {
    #expect(ChoiceDomain.parseLetter("<think>hmm</think><answer>The answer is (C)</answer>", options: opts) == "C")
    #expect(ChoiceDomain.parseLetter("blah. The answer is B. Wait, the answer is (J).", options: opts) == "J")
    #expect(ChoiceDomain.parseLetter("Answer: D", options: opts) == "D")
    #expect(ChoiceDomain.parseLetter("<answer> (E) </answer>", options: opts) == "E")
    #expect(ChoiceDomain.parseLetter("<answer>\\boxed{F}</answer>", options: opts) == "F")
    #expect(ChoiceDomain.parseLetter("<answer>opt7</answer>", options: opts) == "H")
    #expect(ChoiceDomain.parseLetter("<think>the answer is (A)</think><answer>no idea</answer>", options: opts) == nil)
    #expect(ChoiceDomain.parseLetter("The answer is (\u{0421})", options: opts) == nil)  // Cyrillic Es looks like C
    #expect(ChoiceDomain.parseLetter("The answer is (K)", options: opts) == nil)
    #expect(ChoiceDomain.parseLetter("The answer is Bob", options: opts) == nil)
    #expect(ChoiceDomain.parseLetter("The answer is (D)", options: Array(opts.prefix(3))) == nil)  // only A-C exist
  }

  @Test func deterministicBalancedDisjoint() throws {
    let d = ChoiceDomain()
    let a = try d.generate(split: .train, count: 150, seed: 4, difficulty: nil)
    #expect(a.map { $0.serialized() } == (try d.generate(split: .train, count: 150, seed: 4, difficulty: nil)).map { $0.serialized() })
    for level in 1...5 { #expect(a.filter { $0["difficulty"]?.int == level }.count == 30) }
    let test = try d.generate(split: .test, count: 200, seed: 4, difficulty: nil)
    let trainQ = Set(a.compactMap { $0["question"]?.string })
    #expect(test.allSatisfy { !trainQ.contains($0["question"]!.string!) })
    // Letters spread over A-J: each letter at least 5 times in 200 (expected 20).
    let letters = test.compactMap { $0["answer"]?.string }
    for l in ChoiceDomain.letters { #expect(letters.filter { $0 == String(l) }.count >= 5) }
  }

  /// Every record: 10 distinct options, its own letter verifies, another letter does not; and the
  /// families whose answer can be recomputed from the stem are recomputed here.
  @Test func answersCheckIndependently() throws {
    let d = ChoiceDomain()
    var recomputed = 0
    for r in try d.generate(split: .train, count: 500, seed: 9, difficulty: nil) {
      let options = (r["options"]?.array ?? []).compactMap(\.string)
      let ans = try #require(r["answer"]?.string)
      #expect(options.count == 10 && Set(options).count == 10)
      #expect(try d.verify(r, completion: "<think>x</think><answer>The answer is (\(ans))</answer>").correct)
      let other = ans == "A" ? "B" : "A"
      #expect(try d.verify(r, completion: "<think>x</think><answer>The answer is (\(other))</answer>").status == .wrong)
      let stem = try #require(r["question"]?.string)
      let chosen = options[ChoiceDomain.letters.firstIndex(of: Character(ans))!]
      if let expected = recompute(stem, options) { #expect(chosen == expected, "\(stem)"); recomputed += 1 }
      #expect(try d.question(r).contains("J. \(options[9])"))
    }
    #expect(recomputed > 300)
    print("choice: \(recomputed) of 500 answers recomputed independently")
  }

  /// Independent answers for the families that allow it (numbers, divisibility, percent, order).
  func recompute(_ stem: String, _ options: [String]) -> String? {
    if stem.hasPrefix("Which of the following numbers is the") {
      let v = options.compactMap { Int($0) }
      return String(stem.contains("largest") ? v.max()! : v.min()!)
    }
    if stem.hasPrefix("Which of the following numbers is divisible by"), let k = Int(stem.between("by ", "?")) {
      let hits = options.filter { Int($0)! % k == 0 }
      return hits.count == 1 ? hits[0] : "ambiguous"
    }
    if stem.hasPrefix("What is"), stem.contains("% of"), let r = Int(stem.between("What is ", "%")), let n = Int(stem.between("of ", "?")) {
      return String(r * n / 100)
    }
    if stem.hasPrefix("What number comes next in the sequence") {
      let v = stem.between("sequence ", ", ...").split(separator: ",").compactMap { Int($0.trimmingSpaces) }
      let d1 = zip(v.dropFirst(), v).map { $0 - $1 }, d2 = zip(d1.dropFirst(), d1).map { $0 - $1 }
      if Set(d1).count == 1 { return String(v.last! + d1[0]) }
      if Set(d2).count == 1 { return String(v.last! + d1.last! + d2[0]) }
      if v[0] != 0, v.count > 2, v[1] % v[0] == 0, zip(v.dropFirst(), v).allSatisfy({ $0 == $1 * (v[1] / v[0]) }) { return String(v.last! * (v[1] / v[0])) }
      return "unrecognised"
    }
    if stem.hasPrefix("Each term from the third on") {
      let v = stem.between("next: ", ", ...").split(separator: ",").compactMap { Int($0.trimmingSpaces) }
      let c = v[2] - v[1] - v[0]
      return String(v[v.count - 1] + v[v.count - 2] + c)
    }
    if stem.hasPrefix("How many integers from"), let lo = Int(stem.between("from ", " to")), let hi = Int(stem.between(" to ", " inclusive")),
       let k = Int(stem.between("divisible by ", "?")) {
      return String((lo...hi).filter { $0 % k == 0 }.count)
    }
    if stem.hasPrefix("How many "), stem.contains(" are in ") {
      let factors = ["meters centimeters": 100, "kilometers meters": 1000, "kilograms grams": 1000, "hours minutes": 60,
                     "minutes seconds": 60, "liters milliliters": 1000, "feet inches": 12, "yards feet": 3, "days hours": 24, "weeks days": 7]
      let small = stem.between("How many ", " are"), rest = stem.after(" are in ").between("", "?").split(separator: " ")
      guard let x = Int(rest[0]) else { return nil }
      var unit = String(rest[1]), value = x
      while unit != small {  // walk the chain big -> small
        guard let (key, f) = factors.first(where: { $0.key.hasPrefix(unit + " ") }) else { return "no chain" }
        value *= f; unit = String(key.split(separator: " ")[1])
      }
      return String(value)
    }
    if stem.hasPrefix("Which of the following fractions") {
      let v = options.map { o -> (String, Double) in let p = o.split(separator: "/"); return (o, Double(Int(p[0])!) / Double(Int(p[1])!)) }
      return (stem.contains("smallest") ? v.min { $0.1 < $1.1 } : v.max { $0.1 < $1.1 })!.0
    }
    if stem.contains("is taller than") {
      var taller: [String: Set<String>] = [:], names = Set<String>()
      for fact in stem.split(separator: ".") where fact.contains("is taller than") {
        let parts = fact.split(separator: " ")
        let a = String(parts[0]), b = String(parts.last!)
        taller[a, default: []].insert(b); names.insert(a); names.insert(b)
      }
      // Count how many each person is (transitively) taller than.
      func below(_ x: String, _ seen: inout Set<String>) { for y in taller[x] ?? [] where seen.insert(y).inserted { below(y, &seen) } }
      let rank = names.map { n -> (String, Int) in var s = Set<String>(); below(n, &s); return (n, s.count) }.sorted { $0.1 > $1.1 }
      let ordinals = ["tallest", "second tallest", "third tallest", "fourth tallest", "fifth tallest", "sixth tallest", "seventh tallest"]
      let asked = stem.between("Who is the ", "?")
      if asked == "shortest" { return rank.last!.0 }
      return rank[ordinals.firstIndex(of: asked)!].0
    }
    return nil
  }

  @Test func hostileCompletions() throws {
    let d = ChoiceDomain()
    let r = try #require(try d.generate(split: .test, count: 1, seed: 1, difficulty: 1).first)
    let huge = String(repeating: "answer is (", count: 20_000) + String(repeating: "Z", count: 100_000)
    let v = try d.verify(r, completion: huge)
    let again = try d.verify(r, completion: huge)
    #expect(v.status == .unparseable && v == again)
    let two = try d.verify(r, completion: "<think>x</think><answer>(A)</answer><answer>(B)</answer>")
    #expect(!two.formatOK && two.parsed == "B")
    #expect(throws: JSONError.self) { try d.verify(["question": "q", "options": ["1", "2"], "answer": "C"], completion: "(A)") }
  }
}

extension Substring {
  var trimmingSpaces: String { String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()) }
}
