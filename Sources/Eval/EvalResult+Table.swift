// The readable form of a result: one row per domain and difficulty, then the domain's total, with
// the strongest baseline of that row beside pass@1 ("base"); then each domain's baselines.

extension EvalResult {
  public func table() -> String {
    let ks = domains.first?.overall.passAtK.values.map(\.k) ?? [1]
    var header = ["domain", "diff", "n", "k"]
    header += ks.map { "pass@\($0)" }
    header.insert("base", at: 5)
    header += ["maj@k", "mean±std", "len ok/wrong", "fmt-err", "trunc"]
    var rows: [[String]] = []
    for d in domains {
      for b in d.byDifficulty { rows.append(Self.row(d.domain.rawValue, b.difficulty, b.stats, ks, base: d.baselines?.strongest(difficulty: b.difficulty)?.accuracy)) }
      rows.append(Self.row(d.domain.rawValue, "all", d.overall, ks, base: d.baselines?.strongestAccuracy))
    }
    var widths = header.map(\.count)
    for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { i, c in
        let pad = String(repeating: " ", count: widths[i] - c.count)
        return i < 2 ? c + pad : pad + c  // names left, numbers right
      }.joined(separator: "  ")
    }
    var out = "model \(model.dir) (config \(model.configHash))  format \(promptFormat)  seed \(seed)\n"
    out += "k=\(sampling.samples) temperature=\(EvalResultText.num(sampling.temperature))\(sampling.greedy ? " (greedy)" : "") top_p=\(EvalResultText.num(sampling.topP)) max_new_tokens=\(sampling.maxNewTokens)\n"
    out += line(header) + "\n"
    out += line(widths.map { String(repeating: "-", count: $0) }) + "\n"
    for r in rows { out += line(r) + "\n" }
    let tokens = domains.reduce(0) { $0 + $1.generatedTokens }
    let prompt = domains.reduce(0) { $0 + $1.promptTokens }
    out += baselineTable()
    out += "\(tokens) tokens generated (\(prompt) prompt tokens prefilled) in \(EvalResultText.fixed(timing.wallSeconds, 1)) s: \(EvalResultText.fixed(timing.tokensPerSecond, 1)) generated tokens/s\n"
    return out
  }

  static func row(_ domain: String, _ diff: String, _ s: EvalStats, _ ks: [Int], base: Double? = nil) -> [String] {
    var r = [domain, diff, String(s.n), String(s.samples)]
    r += ks.map { k in s.passAtK[k].map { EvalResultText.pct($0) } ?? "-" }
    r.insert(base.map(EvalResultText.pct) ?? "-", at: 5)
    r.append(EvalResultText.pct(s.majAtK))
    r.append(EvalResultText.pct(s.mean) + "±" + EvalResultText.pct(s.std))
    r.append((s.lengthTokens.correct.map { EvalResultText.fixed($0, 0) } ?? "-") + "/" + (s.lengthTokens.wrong.map { EvalResultText.fixed($0, 0) } ?? "-"))
    r.append(EvalResultText.pct(s.formatErrorRate))
    r.append(EvalResultText.pct(s.truncatedRate))
    return r
  }
}

/// Number formatting for tables and progress lines (no Foundation).
public enum EvalResultText {
  /// Percent with one decimal.
  public static func pct(_ x: Double) -> String { fixed(100 * x, 1) }

  /// Fixed-point text without Foundation's String(format:).
  public static func fixed(_ x: Double, _ digits: Int) -> String {
    guard x.isFinite else { return "nan" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let v = (abs(x) * scale).rounded()
    let ip = Int(v / scale)
    let fp = Int(v - Double(ip) * scale)
    var s = (x < 0 && v != 0 ? "-" : "") + String(ip)
    if digits > 0 {
      let f = String(fp)
      s += "." + String(repeating: "0", count: digits - f.count) + f
    }
    return s
  }

  public static func num(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e9 ? String(Int(x)) : "\(x)"
  }

  /// "1h02m", "3m05s", "42s".
  public static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "-" }
    let t = Int(seconds.rounded())
    let h = t / 3600, m = (t % 3600) / 60, s = t % 60
    func two(_ x: Int) -> String { x < 10 ? "0\(x)" : String(x) }
    if h > 0 { return "\(h)h\(two(m))m" }
    if m > 0 { return "\(m)m\(two(s))s" }
    return "\(s)s"
  }
}
