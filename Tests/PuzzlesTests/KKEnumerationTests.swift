// The `enumerate` trace (KKEnumeration): its answer is the solver's on generated puzzles of 2-5
// people, every check line's verdict follows from the claim's value and the speaker's role, and the
// tries run in the documented order (all knights first).
import Testing
import JSON
import Seeded
@testable import Puzzles

@Suite struct KKEnumerationTests {
  @Test func enumerationFindsTheSolverAnswer() throws {
    for n in 2...5 {
      let puzzles = try KKGenerator(people: n).generate(count: 20, seed: 7)
      for p in puzzles {
        let (text, roles) = try #require(KKEnumeration.think(p))
        #expect(roles == p.solution)
        // Every line but the last is a check line ending in ok or contradiction.
        let lines = text.split(separator: "\n")
        #expect(lines.last?.hasPrefix("All ok. Answer: ") == true)
        for l in lines.dropLast() { #expect(l.hasSuffix(" ok") || l.hasSuffix(" contradiction")) }
        // The first line is about the all-knight assignment.
        #expect(lines.first?.hasPrefix(p.names.map { "\($0)=knight" }.joined(separator: " ") + " |") == true)
      }
    }
  }

  @Test func checkLineVerdicts() {
    // Avery says "Penelope is a knave"; Penelope says "Avery is a knight".
    let p = KKPuzzle(statements: [.knave(1), .knight(0)], names: ["Avery", "Penelope"])
    let allKnights = KKEnumeration.assignment(try: 0, people: 2)
    let c = KKEnumeration.check(p, assignment: allKnights, speaker: 0)
    #expect(c.prompt == "Avery=knight Penelope=knight | Avery=knight says \"Penelope is a knave\":")
    #expect(c.judgement == " Penelope=knight no. false. knight false contradiction")
    #expect(!c.ok)
    let knaveKnight = KKEnumeration.assignment(try: 2, people: 2)  // Avery knave, Penelope knight
    let d = KKEnumeration.check(p, assignment: knaveKnight, speaker: 0)
    #expect(d.ok && d.judgement.hasSuffix("knave false ok"))
  }

  @Test func judgeDrillsAreCheckLines() {
    var rng = SeededRNG(seed: 3)
    for _ in 0..<50 {
      let (prompt, response) = KKEnumeration.judgeDrill(names: ["Ann", "Bo", "Cy"], rng: &rng)
      #expect(prompt.hasSuffix("\":") && prompt.contains(" | "))
      #expect(response.hasSuffix(" ok") || response.hasSuffix(" contradiction"))
    }
  }

  /// "tries" drills: every role a line writes is the one in that line's own assignment; speakers go
  /// in order within a try, which ends at its first contradiction or after everyone; the next try's
  /// assignment differs from the last; 6-12 lines; same seed, same text.
  @Test func triesDrillsReadEachLinesOwnAssignment() throws {
    var rng = SeededRNG(seed: 11)
    var changedLines = 0, tries = 0
    for k in 0..<200 {
      let names = k % 2 == 0 ? ["Ann", "Bo", "Cy"] : ["Ann", "Bo", "Cy", "Dee"]
      let (prompt, response) = KKEnumeration.triesDrill(names: names, rng: &rng)
      #expect(prompt == "Checks under changing assignments:")
      #expect(response.hasPrefix("\n"))
      let lines = response.dropFirst().split(separator: "\n").map(String.init)
      #expect((6...12).contains(lines.count))
      var expectSpeaker = 0, last: [String: String]? = nil, lastTry: [String: String]? = nil
      for line in lines {
        let halves = line.components(separatedBy: " | ")
        try #require(halves.count == 2, "line \(line)")
        var roles: [String: String] = [:]
        for pair in halves[0].split(separator: " ") {
          let nr = pair.split(separator: "=").map(String.init)
          try #require(nr.count == 2 && (nr[1] == "knight" || nr[1] == "knave"), "pair \(pair)")
          roles[nr[0]] = nr[1]
        }
        #expect(roles.keys.sorted() == names.sorted())
        if let l = last, l != roles {
          #expect(expectSpeaker == 0, "the assignment changed inside a try: \(line)")
        }
        if expectSpeaker == 0 {
          if let t = lastTry { #expect(t != roles, "a try repeated the last assignment: \(line)") ; changedLines += 1 }
          tries += 1
          lastTry = roles
        }
        #expect(halves[1].hasPrefix(names[expectSpeaker] + "=" + roles[names[expectSpeaker]]! + " says \""))
        // Every "Name=role yes|no" after the quote reads this line's assignment.
        let afterQuote = String(halves[1][halves[1].range(of: "\":")!.upperBound...])
        for name in names {
          for r in ["knight", "knave"] where afterQuote.contains(" \(name)=\(r) ") {
            #expect(roles[name] == r, "\(name)=\(r) in \(line)")
          }
        }
        let ok = line.hasSuffix(" ok")
        #expect(ok || line.hasSuffix(" contradiction"))
        expectSpeaker = ok && expectSpeaker + 1 < names.count ? expectSpeaker + 1 : 0
        last = roles
      }
    }
    #expect(tries > 400 && changedLines > 200)
    var a = SeededRNG(seed: 5), b = SeededRNG(seed: 5)
    #expect(KKEnumeration.triesDrill(names: ["Ann", "Bo", "Cy"], rng: &a) == KKEnumeration.triesDrill(names: ["Ann", "Bo", "Cy"], rng: &b))
  }
}
