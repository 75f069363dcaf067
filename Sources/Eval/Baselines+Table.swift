// The baselines block of the result table: per domain, the model's pass@1 and every baseline
// (overall and, for K&K, on mixed-role puzzles), the strongest marked, and one line comparing them.

extension EvalResult {
  func baselineTable() -> String {
    let withBaselines = domains.filter { $0.baselines != nil }
    guard !withBaselines.isEmpty else { return "" }
    var rows: [[String]] = [["domain", "", "baseline", "all", "mixed", "how"]]
    var summary: [String] = []
    for d in withBaselines {
      let b = d.baselines!
      let name = d.domain.rawValue
      rows.append([name, "", "model pass@1", EvalResultText.pct(d.overall.pass1), b.mixedRole.map { EvalResultText.pct($0.pass1) } ?? "-",
                   b.mixedRole.map { "\(d.overall.n) questions, \($0.n) mixed-role" } ?? "\(d.overall.n) questions"])
      for s in b.scores {
        rows.append([name, s.name == b.strongest ? "*" : "", s.name, EvalResultText.pct(s.accuracy),
                     s.mixedRole.map(EvalResultText.pct) ?? "-", s.detail])
      }
      if let sName = b.strongest, let sAcc = b.strongestAccuracy {
        var line = "\(name): model \(EvalResultText.pct(d.overall.pass1))% vs strongest baseline \(sName) \(EvalResultText.pct(sAcc))% (\(Self.points(d.overall.pass1 - sAcc)))"
        if let m = b.mixedRole, let mName = m.strongest, let mAcc = m.strongestAccuracy {
          line += "; mixed-role (\(m.n)): model \(EvalResultText.pct(m.pass1))% vs \(mName) \(EvalResultText.pct(mAcc))% (\(Self.points(m.pass1 - mAcc)))"
        }
        summary.append(line)
      }
    }
    var widths = rows[0].map(\.count)
    for r in rows { for (i, c) in r.enumerated() where i < 5 { widths[i] = max(widths[i], c.count) } }
    var out = "baselines (constructed answers scored by each domain's verifier; * strongest; mixed = K&K puzzles with a knight and a knave):\n"
    for r in rows {
      out += r.enumerated().map { i, c in
        guard i < 5 else { return c }
        let pad = String(repeating: " ", count: widths[i] - c.count)
        return i < 3 ? c + pad : pad + c
      }.joined(separator: "  ") + "\n"
    }
    for l in summary { out += l + "\n" }
    return out
  }

  /// A difference of two accuracies in percentage points, signed.
  static func points(_ x: Double) -> String {
    (x >= 0 ? "+" : "") + EvalResultText.fixed(100 * x, 1) + " points"
  }
}
