// Serialisation. Deterministic: keys in insertion order (or sorted), doubles in Swift's shortest
// round-trip form, integers exact. Non-finite doubles have no JSON form and are written as null.

extension JSON {
  /// Compact single-line text (the JSONL form), or indented with `pretty`.
  public func serialized(pretty: Bool = false, sortKeys: Bool = false) -> String {
    var out = ""
    write(to: &out, pretty: pretty, sortKeys: sortKeys, indent: 0)
    return out
  }

  private func write(to out: inout String, pretty: Bool, sortKeys: Bool, indent: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .int(let i): out += String(i)
    case .double(let d): JSON.writeDouble(d, to: &out)
    case .string(let s): JSON.writeString(s, to: &out)
    case .array(let a):
      if a.isEmpty { out += "[]"; return }
      out += "["
      for (i, v) in a.enumerated() {
        if i > 0 { out += "," }
        if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
        v.write(to: &out, pretty: pretty, sortKeys: sortKeys, indent: indent + 1)
      }
      if pretty { out += "\n" + String(repeating: "  ", count: indent) }
      out += "]"
    case .object(let o):
      if o.isEmpty { out += "{}"; return }
      out += "{"
      let keys = sortKeys ? o.keys.sorted() : o.keys
      for (i, k) in keys.enumerated() {
        if i > 0 { out += "," }
        if pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
        JSON.writeString(k, to: &out)
        out += pretty ? ": " : ":"
        o[k]!.write(to: &out, pretty: pretty, sortKeys: sortKeys, indent: indent + 1)
      }
      if pretty { out += "\n" + String(repeating: "  ", count: indent) }
      out += "}"
    }
  }

  static func writeDouble(_ d: Double, to out: inout String) {
    guard d.isFinite else { out += "null"; return }
    if d == d.rounded(), abs(d) < 1e15 {
      out += (d.sign == .minus && d == 0 ? "-0" : String(Int64(d))) + ".0"
    } else {
      out += "\(d)"  // shortest representation that round-trips
    }
  }

  static func writeString(_ s: String, to out: inout String) {
    out += "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if u.value < 0x20 {
          let hex = String(u.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(u)
        }
      }
    }
    out += "\""
  }
}
