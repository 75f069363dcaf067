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
}
