// Seeded K&K generator in mem-kk-logic's scheme: each person's claim is drawn recursively (a die of
// six: leaf, not, and, or, if-then, iff; leaves at the depth limit), candidate puzzles are kept only
// when they have exactly one consistent assignment and their statements were not seen before.
import JSON
import Seeded

public struct KKGenerator: Sendable {
  public var people: Int
  /// Nesting depth limit (leaf = 1); the public files and the natural-language form use 2.
  public var maxDepth: Int
  /// Most parts of an `and` / `or` (at least 2); the public files use 2.
  public var maxWidth: Int
  /// Candidates tried per puzzle before giving up (a small space, e.g. 2 people, runs out).
  public var maxRetries: Int
  /// Role words of the rendered quiz (mem-kk-logic also uses pairs such as "a saint"/"a sinner").
  public var words: KKRoleWords = .standard

  public init(people: Int, maxDepth: Int = 2, maxWidth: Int = 2, maxRetries: Int = 100_000) {
    self.people = people; self.maxDepth = maxDepth; self.maxWidth = maxWidth; self.maxRetries = maxRetries
  }

  public static let peopleRange = 2...16

  public func check() throws {
    guard Self.peopleRange.contains(people) else {
      throw JSONError(source: "kk generator", message: "people must be in \(Self.peopleRange), got \(people)")
    }
    guard (1...2).contains(maxDepth) else {
      throw JSONError(source: "kk generator", message: "maxDepth must be 1 or 2 (the quiz wording covers depth <= 2), got \(maxDepth)")
    }
    guard maxWidth >= 2 && maxWidth <= people * 2 - 1 else {
      throw JSONError(source: "kk generator", message: "maxWidth must be in 2...\(people * 2 - 1) (distinct leaves), got \(maxWidth)")
    }
  }

  /// `count` distinct uniquely-solvable puzzles. `exclude` holds statement keys already used
  /// (e.g. the test set's, when making a train set), which are skipped too.
  public func generate(count: Int, seed: UInt64, exclude: Set<String> = []) throws -> [KKPuzzle] {
    try check()
    var rng = SeededRNG(seed: seed)
    var seen = exclude
    var out: [KKPuzzle] = []
    out.reserveCapacity(count)
    for _ in 0..<count {
      var found: [KKStatement]? = nil
      for _ in 0..<maxRetries {
        let statements = (0..<people).map { statement(speaker: $0, depth: maxDepth, rng: &rng) }
        let key = KKStatement.python(statements)
        if seen.contains(key) { continue }
        if KKPuzzle.consistency(statements).count != 1 { continue }
        seen.insert(key)
        found = statements
        break
      }
      guard let statements = found else {
        throw JSONError(source: "kk generator", message:
          "no new uniquely solvable \(people)-person puzzle in \(maxRetries) tries after \(out.count) (the space is exhausted; ask for fewer)")
      }
      var names = KKRender.commonNames
      rng.shuffle(&names)
      let sayings = (0..<people).map { _ in rng.below(KKRender.sayings.count) }
      out.append(KKPuzzle(statements: statements, names: Array(names.prefix(people)), words: words, sayings: sayings))
    }
    return out
  }

  /// One claim by `speaker`. Nobody says "I am a knave" (nor "I am not a knight"): no one can say it.
  func statement(speaker: Int, depth: Int, rng: inout SeededRNG) -> KKStatement {
    let dice = rng.below(6)
    if depth <= 1 || dice == 0 { return leaf(speaker: speaker, rng: &rng, negated: false) }
    switch dice {
    case 1:
      // Under `not`, "I am a knight" would read "I am not a knight": excluded the same way.
      return .not(leaf(speaker: speaker, rng: &rng, negated: true))
    case 2, 3:
      let n = 2 + rng.below(maxWidth - 1)
      let parts = distinct(n, speaker: speaker, depth: depth - 1, rng: &rng)
      return dice == 2 ? .and(parts) : .or(parts)
    default:
      let parts = distinct(2, speaker: speaker, depth: depth - 1, rng: &rng)
      return dice == 4 ? .implies(parts[0], parts[1]) : .iff(parts[0], parts[1])
    }
  }

  func leaf(speaker: Int, rng: inout SeededRNG, negated: Bool) -> KKStatement {
    while true {
      let knight = rng.below(2) == 0
      let person = rng.below(people)
      // The claim as read: "speaker is a knave" is impossible to utter.
      if person == speaker && knight == negated { continue }
      return knight ? .knight(person) : .knave(person)
    }
  }

  func distinct(_ n: Int, speaker: Int, depth: Int, rng: inout SeededRNG) -> [KKStatement] {
    var parts: [KKStatement] = []
    while parts.count < n {
      let s = statement(speaker: speaker, depth: depth, rng: &rng)
      if !parts.contains(s) { parts.append(s) }
    }
    return parts
  }
}

extension KKGenerator {
  /// `count` puzzles over several people counts, split as evenly as possible and interleaved
  /// (3, 4, 5, ..., 3, 4, ...) so any prefix of the file is mixed. Each count draws from its own
  /// seed stream; `exclude` and the no-duplicate rule apply within each count.
  public static func mixed(people: [Int], count: Int, seed: UInt64, maxDepth: Int = 2, maxWidth: Int = 2,
                           words: KKRoleWords = .standard, exclude: Set<String> = []) throws -> [KKPuzzle] {
    precondition(!people.isEmpty && Set(people).count == people.count, "KKGenerator.mixed: people counts must be distinct")
    var lists: [[KKPuzzle]] = []
    for (k, n) in people.enumerated() {
      let share = count / people.count + (k < count % people.count ? 1 : 0)
      var gen = KKGenerator(people: n, maxDepth: maxDepth, maxWidth: maxWidth)
      gen.words = words
      lists.append(share == 0 ? [] : try gen.generate(count: share, seed: streamSeed(seed, people: n), exclude: exclude))
    }
    var out: [KKPuzzle] = []
    for i in 0..<(lists.map(\.count).max() ?? 0) { for l in lists where i < l.count { out.append(l[i]) } }
    return out
  }

  /// The seed of one people count's stream (a single count uses `seed` itself).
  static func streamSeed(_ seed: UInt64, people: Int) -> UInt64 {
    // Bit pattern, not UInt64(people): a negative count (--difficulty=-3) trapped here before the
    // generator could refuse it with a message.
    var rng = SeededRNG(seed: seed, stream: UInt64(truncatingIfNeeded: people))
    return rng.next()
  }
}
