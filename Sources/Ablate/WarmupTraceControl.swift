// The warmup-data control arms: the committed teacher traces altered before the warmup trains on them.
import JSON
import Training

public enum WarmupTraceControl {
  /// `rows` (trace records with a `response`) as the control wants them. wrongAnswers flips the role
  /// word of the first person in each final `<answer>` block (knight <-> knave), so every answer is wrong
  /// and the reasoning before it is untouched; short/longTraces keep the shorter/longer half by response
  /// length (ties by file order). Throws when no trace has an answer block to flip.
  public static func apply(_ c: WarmupControl, to rows: [JSON], source: String) throws -> [JSON] {
    switch c {
    case .wrongAnswers:
      var flipped = 0
      let out = rows.map { r -> JSON in
        guard case .object(var o) = r, let resp = o["response"]?.string, let w = flipFirstRole(inAnswerOf: resp) else { return r }
        o["response"] = .string(w)
        o["correct"] = .bool(false)
        flipped += 1
        return .object(o)
      }
      if flipped == 0 { throw TrainingError.badConfig("\(source): no trace has an <answer> block with a knight/knave to flip") }
      return out
    case .shortTraces, .longTraces:
      let order = rows.indices.sorted { a, b in
        let la = rows[a]["response"]?.string?.utf8.count ?? 0, lb = rows[b]["response"]?.string?.utf8.count ?? 0
        return la != lb ? la < lb : a < b
      }
      let half = rows.count / 2
      let keep = Set(c == .shortTraces ? order.prefix(max(1, half)) : order.suffix(max(1, rows.count - half)))
      return rows.indices.filter(keep.contains).map { rows[$0] }
    case .replayOnly:
      return rows  // not a trace alteration: the runner drops the traces for this arm (data.replayOnly)
    }
  }

  /// The response with the first "knight"/"knave" inside its last <answer>...</answer> swapped, or nil.
  static func flipFirstRole(inAnswerOf s: String) -> String? {
    guard let open = s.range(of: "<answer>", options: .backwards) else { return nil }
    let tail = s[open.upperBound...]
    let end = tail.range(of: "</answer>")?.lowerBound ?? tail.endIndex
    let block = tail[..<end]
    let k = block.range(of: "knight"), n = block.range(of: "knave")
    let first: (Range<String.Index>, String)?
    switch (k, n) {
    case let (k?, n?): first = k.lowerBound < n.lowerBound ? (k, "knave") : (n, "knight")
    case let (k?, nil): first = (k, "knave")
    case let (nil, n?): first = (n, "knight")
    default: first = nil
    }
    guard let (r, word) = first else { return nil }
    return String(s[..<r.lowerBound]) + word + String(s[r.upperBound...])
  }
}

import Foundation
