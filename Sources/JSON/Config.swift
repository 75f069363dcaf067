// Stage configs: defaults, then the file, then `--set a.b=c` overrides ("flag beats file beats
// default"). Every key of the file and of the overrides must exist in the encoding of the defaults;
// an unknown key is an error naming the file, line and key path and listing the valid keys.

public enum Config {
  /// Resolves a config of type `T`. Returns the typed value and the resolved JSON tree (what a run
  /// writes into its folder).
  public static func load<T: Codable>(_ type: T.Type, defaults: T, file: String?,
                                      overrides: [String] = []) throws -> (value: T, resolved: JSON) {
    var tree = try JSON(encoding: defaults)
    var text = ""
    let source = file ?? "<defaults>"
    if let file {
      let fileTree = try JSON.read(file: file, allowComments: true)
      text = (try? String(contentsOfFileAt: file)) ?? ""
      tree = try merge(tree, fileTree, path: [], source: file, text: text)
    }
    for o in overrides {
      tree = try applyOverride(tree, o)
    }
    do {
      return (try tree.decode(T.self, source: source), tree)
    } catch var e as JSONError {
      if e.line == nil, !text.isEmpty { e.line = line(of: e.path, in: text) }
      throw e
    }
  }

  /// Deep-merges `over` into `base`. Objects merge key by key; anything else replaces. A key absent
  /// from `base` is an error unless `base` is an empty object (a free-form map) or null.
  public static func merge(_ base: JSON, _ over: JSON, path: [String], source: String, text: String = "") throws -> JSON {
    guard case .object(var b) = base, case .object(let o) = over else {
      if case .object = base, !over.isNull {
        throw JSONError(source: source, line: line(of: path.joined(separator: "."), in: text),
                        path: path.joined(separator: "."), message: "expected an object, found \(over.kindName)")
      }
      return over
    }
    let freeForm = b.isEmpty
    for (k, v) in o {
      let p = path + [k]
      if let existing = b[k] {
        b[k] = try merge(existing, v, path: p, source: source, text: text)
      } else if freeForm {
        b[k] = v
      } else {
        let valid = b.keys.sorted().joined(separator: ", ")
        throw JSONError(source: source, line: line(of: p.joined(separator: "."), in: text),
                        path: p.joined(separator: "."), message: "unknown key '\(k)'; valid keys: \(valid)")
      }
    }
    return .object(b)
  }

  /// Applies one `a.b.c=value` override. The value is read as JSON when it parses (numbers,
  /// booleans, arrays, quoted strings) and as a bare string otherwise.
  public static func applyOverride(_ tree: JSON, _ assignment: String) throws -> JSON {
    guard let eq = assignment.firstIndex(of: "=") else {
      throw JSONError(source: "--set", message: "expected key=value, got '\(assignment)'")
    }
    let keys = assignment[..<eq].split(separator: ".").map(String.init)
    let raw = String(assignment[assignment.index(after: eq)...])
    let value = (try? JSON.parse(raw, source: "--set")) ?? .string(raw)
    var nested = value
    for k in keys.reversed() { nested = .object(JSONObject(pairs: [(k, nested)])) }
    return try merge(tree, nested, path: [], source: "--set \(assignment)")
  }

  /// Best-effort line of a key path in a config file's text: each key is searched for (as `"key"`)
  /// after the previous one's position.
  public static func line(of path: String, in text: String) -> Int? {
    guard !text.isEmpty, !path.isEmpty else { return nil }
    var from = text.startIndex
    var found: String.Index?
    for key in path.split(separator: ".") {
      let k = key.split(separator: "[").first.map(String.init) ?? String(key)
      guard let r = text[from...].firstRange(of: "\"\(k)\"") else { break }
      found = r.lowerBound
      from = r.upperBound
    }
    guard let found else { return nil }
    return text[..<found].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
  }
}

extension String {
  /// Reads a UTF-8 text file (no Foundation).
  public init(contentsOfFileAt path: String) throws {
    let r = try FileBytes(path: path)
    self = String(decoding: r.bytes, as: UTF8.self)
  }
}
