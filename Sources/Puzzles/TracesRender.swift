// Narrates a `TraceSearch` in one of several surface styles, with phrase variants drawn from a
// seeded generator, so a model sees the same reasoning in many wordings. Every trace ends with a
// check of each person's claim against the final roles.
import Seeded

public enum TraceStyle: String, CaseIterable, Sendable, Codable {
  /// Full sentences ("Suppose Amelia is a knight. Then ...").
  case narrative
  /// Numbered cases and bullet lines ("Case 1.2: ...").
  case casework
  /// Short symbolic lines ("Amelia=knight => ...").
  case terse
  /// Questions and answers ("What if Amelia is a knave? ...").
  case socratic
  /// A fixed-order enumeration of assignments with one local check line per claim
  /// (`KKEnumeration`); never drawn when no style is given.
  case enumerate

  /// The narrated styles, drawn from when a trace's style is not fixed.
  public static let narrated: [TraceStyle] = [.narrative, .casework, .terse, .socratic]

  public static var validNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

struct TraceWriter {
  let p: KKPuzzle
  let style: TraceStyle
  var rng: SeededRNG
  var lines: [String] = []
  var labels: [Int] = []

  init(puzzle: KKPuzzle, style: TraceStyle, rng: SeededRNG) { p = puzzle; self.style = style; self.rng = rng }

  mutating func pick(_ options: [String]) -> String { options[rng.below(options.count)] }

  func name(_ i: Int) -> String { p.names[i] }
  func a(_ k: Bool) -> String { k ? p.words.aKnight : p.words.aKnave }
  func noun(_ k: Bool) -> String { k ? p.words.knight : p.words.knave }
  func claim(_ i: Int) -> String { "\"" + p.content(i) + "\"" }
  func tv(_ v: Bool) -> String { v ? "true" : "false" }
  func facts(_ f: [KKFact], sep: String = " and ") -> String {
    f.map { style == .terse ? "\(name($0.person))=\(noun($0.knight))" : "\(name($0.person)) is \(a($0.knight))" }.joined(separator: sep)
  }
  var label: String { labels.map(String.init).joined(separator: ".") }

  mutating func intro() {
    switch style {
    case .narrative:
      lines.append(pick(["Knights always tell the truth and knaves always lie, so a knight's claim must be true and a knave's claim must be false. Let me test roles one at a time and see what each claim forces.",
                         "A knight's statement is true and a knave's statement is false. I'll assume a role for someone, follow what the statements force, and back up whenever something contradicts.",
                         "Every claim is true if its speaker is a knight and false if the speaker is a knave. Let me reason by assuming roles and checking for contradictions."]))
    case .casework:
      lines.append(pick(["Rule: knight => claim true, knave => claim false. I'll split into cases.",
                         "Knights' claims are true, knaves' claims are false. Let me go case by case."]))
    case .terse, .enumerate:
      lines.append(pick(["knight: claim true; knave: claim false.", "Rule: knight => true claim, knave => false claim."]))
    case .socratic:
      lines.append(pick(["Who can be trusted here? A knight's words are true and a knave's are false, so let me ask what happens under each guess.",
                         "What do we know? Knights say only true things, knaves only false ones. Let me try some guesses and see if they hold up."]))
    }
  }

  /// Narrates the events, folding consecutive forcings by one speaker (same reason) into one line.
  mutating func events(_ es: [TraceEvent]) {
    var i = 0
    while i < es.count {
      if case .forced(let s, let t, let k, let because) = es[i] {
        var targets = [(t, k)]
        var j = i + 1
        while j < es.count, case .forced(let s2, let t2, let k2, let b2) = es[j], s2 == s, b2 == because {
          targets.append((t2, k2)); j += 1
        }
        forced(s, targets, because)
        i = j
        continue
      }
      event(es[i])
      i += 1
    }
  }

  mutating func event(_ e: TraceEvent) {
    switch e {
    case .assume(let x, let k, let level, let second):
      labels = Array(labels.prefix(level)) + [second ? 2 : 1]
      assume(x, k, level: level, second: second)
    case .forced(let s, let t, let k, let because):
      forced(s, [(t, k)], because)
    case .holds(let s):
      holds(s)
    case .speakerRole(let s, let k):
      speakerRole(s, k)
    case .clash(let s, let t, let k, let because):
      clash(s, t, k, because)
    case .claimFails(let s):
      claimFails(s)
    case .refuted(let x, let k, let level):
      labels = Array(labels.prefix(level + 1))
      switch style {
      case .narrative: lines.append(pick(["So \(name(x)) cannot be \(a(k)).", "Therefore \(name(x)) is not \(a(k))."]))
      case .casework: lines.append("Case \(label) fails: \(name(x)) is not \(a(k)).")
      case .terse, .enumerate: lines.append("=> \(name(x))!=\(noun(k)).")
      case .socratic: lines.append(pick(["So \(name(x)) isn't \(a(k)).", "That rules out \(name(x)) being \(a(k))."]))
      }
    case .bothFail(let x, let level):
      labels = Array(labels.prefix(level))
      switch style {
      case .narrative: lines.append(pick(["Neither role works for \(name(x)), so an earlier assumption must be wrong.",
                                          "Both options for \(name(x)) lead to contradictions; I need to go back one step."]))
      case .casework: lines.append("Both cases for \(name(x)) fail; back up.")
      case .terse, .enumerate: lines.append("\(name(x)): both fail. Backtrack.")
      case .socratic: lines.append(pick(["Wait, \(name(x)) can be neither. So the guess before this one was wrong.",
                                         "Hmm, no role works for \(name(x)). Back up a step."]))
      }
    case .consistent:
      switch style {
      case .narrative: lines.append(pick(["Everyone now has a role and no claim is contradicted.", "All roles are now fixed without any contradiction."]))
      case .casework: lines.append("All roles assigned; no contradiction.")
      case .terse, .enumerate: lines.append("All assigned, consistent.")
      case .socratic: lines.append(pick(["Does anything break? No, everyone is placed and nothing contradicts.", "Is this consistent? Yes, every role is fixed with no contradiction."]))
      }
    }
  }

  mutating func assume(_ x: Int, _ k: Bool, level: Int, second: Bool) {
    decided[x] = k
    switch style {
    case .narrative:
      if second {
        lines.append(level == 0 ? pick(["So \(name(x)) must be \(a(k)).", "Hence \(name(x)) is \(a(k))."])
                                : pick(["Then try \(name(x)) as \(a(k)) instead.", "So, under the earlier assumptions, \(name(x)) would have to be \(a(k))."]))
      } else {
        lines.append(level == 0 ? pick(["Let's start with \(name(x)). Suppose \(name(x)) is \(a(k)).", "Assume first that \(name(x)) is \(a(k))."])
                                : pick(["Now consider \(name(x)). Suppose \(name(x)) is \(a(k)).", "Next, assume \(name(x)) is \(a(k))."]))
      }
    case .casework:
      lines.append("Case \(label): \(name(x)) is \(a(k)).")
    case .terse, .enumerate:
      lines.append(second ? "Try \(name(x))=\(noun(k))." : "Assume \(name(x))=\(noun(k)).")
    case .socratic:
      lines.append(second ? pick(["Then what if \(name(x)) is \(a(k))?", "So is \(name(x)) \(a(k)) instead?"])
                          : pick(["What if \(name(x)) is \(a(k))?", "Could \(name(x)) be \(a(k))?"]))
    }
  }

  mutating func forced(_ s: Int, _ targets: [(Int, Bool)], _ f: [KKFact]) {
    let sk = roleOf(s)
    let since = f.isEmpty ? "" : facts(f)
    let who = KKRender.list(targets.map { "\(name($0.0)) is \(a($0.1))" }).replacingAnd(targets.count)
    let whoTerse = targets.map { "\(name($0.0))=\(noun($0.1))" }.joined(separator: ", ")
    switch style {
    case .narrative:
      let head = pick(["\(name(s)) is \(a(sk)), so \(name(s))'s claim \(claim(s)) is \(tv(sk))",
                       "As \(a(sk)), \(name(s)) makes a \(tv(sk)) claim: \(claim(s))"])
      lines.append(head + (since.isEmpty ? ", so " : "; since \(since), ") + who + ".")
    case .casework:
      lines.append("- \(name(s)) (\(noun(sk))): \(claim(s)) is \(tv(sk))" + (since.isEmpty ? "" : ", with \(since)") + " => \(who).")
    case .terse, .enumerate:
      lines.append("\(name(s))=\(noun(sk)): \(claim(s)) \(tv(sk))" + (since.isEmpty ? "" : ", \(since)") + " => \(whoTerse).")
    case .socratic:
      lines.append(pick(["Then \(name(s))'s words \(claim(s)) must be \(tv(sk))" + (since.isEmpty ? "" : ", and \(since)") + ". That means \(who).",
                         "What does \(name(s)) force? As \(a(sk)), \(claim(s)) is \(tv(sk))" + (since.isEmpty ? "" : "; with \(since)") + ", so \(who)."]))
    }
    for (t, k) in targets { decided[t] = k }
  }

  mutating func holds(_ s: Int) {
    let sk = roleOf(s)
    switch style {
    case .narrative:
      lines.append(pick(["\(name(s))'s claim \(claim(s)) is already \(tv(sk)), as it must be for \(a(sk)).",
                         "That fits \(name(s))'s own claim \(claim(s)), which is \(tv(sk))."]))
    case .casework: lines.append("- \(name(s)) (\(noun(sk))): \(claim(s)) is \(tv(sk)), consistent.")
    case .terse, .enumerate: lines.append("\(name(s))=\(noun(sk)): \(claim(s)) \(tv(sk)) ok.")
    case .socratic: lines.append(pick(["Is \(name(s))'s claim \(claim(s)) \(tv(sk))? Yes, so no problem.",
                                       "And \(name(s))'s own words \(claim(s))? They are \(tv(sk)), which fits."]))
    }
  }

  mutating func speakerRole(_ s: Int, _ k: Bool) {
    decided[s] = k
    switch style {
    case .narrative:
      lines.append(pick(["\(name(s))'s claim \(claim(s)) is now \(tv(k)), so \(name(s)) must be \(a(k)).",
                         "With these roles \(name(s))'s claim \(claim(s)) is \(tv(k)); hence \(name(s)) is \(a(k))."]))
    case .casework: lines.append("- \(claim(s)) is \(tv(k)) => its speaker \(name(s)) is \(a(k)).")
    case .terse, .enumerate: lines.append("\(claim(s)) \(tv(k)) => \(name(s))=\(noun(k)).")
    case .socratic: lines.append(pick(["What about \(name(s))? \(claim(s)) is \(tv(k)), so \(name(s)) is \(a(k)).",
                                       "And \(name(s))'s claim \(claim(s))? It comes out \(tv(k)), so \(name(s)) is \(a(k))."]))
    }
  }

  mutating func clash(_ s: Int, _ t: Int, _ k: Bool, _ f: [KKFact]) {
    let sk = roleOf(s)
    let since = f.isEmpty ? "" : facts(f)
    switch style {
    case .narrative:
      lines.append("But \(name(s))'s claim \(claim(s)) must be \(tv(sk))" + (since.isEmpty ? "" : " and \(since)")
        + ", which would make \(name(t)) \(a(k)), while \(name(t)) is \(a(!k)). " + pick(["Contradiction.", "That's a contradiction."]))
    case .casework:
      lines.append("- \(name(s)) (\(noun(sk))): \(claim(s)) is \(tv(sk))" + (since.isEmpty ? "" : ", with \(since)") + " => \(name(t)) is \(a(k)), but \(name(t)) is \(a(!k)). Contradiction.")
    case .terse, .enumerate:
      lines.append("\(name(s))=\(noun(sk)): \(claim(s)) \(tv(sk))" + (since.isEmpty ? "" : ", \(since)") + " => \(name(t))=\(noun(k)), but \(name(t))=\(noun(!k)). Contradiction.")
    case .socratic:
      lines.append("Then \(name(s))'s words \(claim(s)) must be \(tv(sk))" + (since.isEmpty ? "" : ", and \(since)")
        + ", so \(name(t)) would be \(a(k)). But \(name(t)) is \(a(!k))! " + pick(["That can't be.", "Impossible."]))
    }
  }

  mutating func claimFails(_ s: Int) {
    let sk = roleOf(s)
    switch style {
    case .narrative:
      lines.append("But then \(name(s))'s claim \(claim(s)) is \(tv(!sk)), which \(a(sk)) cannot say. " + pick(["Contradiction.", "That's impossible."]))
    case .casework:
      lines.append("- \(name(s)) (\(noun(sk))): \(claim(s)) is \(tv(!sk)), but must be \(tv(sk)). Contradiction.")
    case .terse, .enumerate:
      lines.append("\(name(s))=\(noun(sk)) but \(claim(s)) is \(tv(!sk)). Contradiction.")
    case .socratic:
      lines.append("But look at \(name(s)): \(claim(s)) comes out \(tv(!sk)), and \(a(sk)) can't say that. " + pick(["No good.", "That fails."]))
    }
  }

  /// Roles as the narration knows them (set by assume/forced, as the search did).
  var decided: [Int: Bool] = [:]
  func roleOf(_ s: Int) -> Bool { decided[s] ?? false }

  mutating func verify(_ roles: [Bool]) {
    switch style {
    case .narrative: lines.append(pick(["Let me verify every statement with these roles:", "Now I check each claim against this assignment:"]))
    case .casework: lines.append("Check:")
    case .terse, .enumerate: lines.append("Check:")
    case .socratic: lines.append("Does every statement fit? Let me check each one:")
    }
    let a = KKPuzzle.assignment(roles)
    for i in 0..<p.people {
      let v = p.statements[i].eval(a)
      let mark = v == roles[i] ? "ok" : "FAILS"
      switch style {
      case .narrative, .socratic:
        lines.append("\(name(i)) is \(self.a(roles[i])) and says \(claim(i)), which is \(tv(v)): \(mark).")
      case .casework:
        lines.append("- \(name(i)) (\(noun(roles[i]))): \(claim(i)) is \(tv(v)) - \(mark).")
      case .terse, .enumerate:
        lines.append("\(name(i))=\(noun(roles[i])): \(claim(i)) \(tv(v)) \(mark).")
      }
    }
  }

  mutating func conclusion(_ roles: [Bool]) {
    let text = p.solutionText(roles)
    switch style {
    case .narrative: lines.append(pick(["So the answer is: \(text)", "Therefore: \(text)"]))
    case .casework: lines.append("Conclusion: \(text)")
    case .terse, .enumerate: lines.append("Answer: \(text)")
    case .socratic: lines.append("So it all fits: \(text)")
    }
  }
}

extension String {
  /// "A is a knight, and B is a knave" -> "A is a knight and B is a knave" for two items.
  func replacingAnd(_ count: Int) -> String { count == 2 ? replacing(", and ", with: " and ") : self }
}
