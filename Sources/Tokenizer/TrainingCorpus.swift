// Reading training text from files: plain text (the whole file is one text), JSONL (one record a
// line) or a JSON array of records; records give the string (or list of strings) fields named.
import JSON

public enum TrainingCorpus {
  /// Feeds every text of `files` to `body`. Record files need `fields`; a record holding none of
  /// them is an error naming the file, the line (JSONL) or index (JSON) and the keys it has.
  public static func forEachText(files: [String], fields: [String], _ body: (String) throws -> Void) throws {
    for file in files {
      if file.hasSuffix(".jsonl") {
        let reader = try JSONLReader(path: file)
        while let record = try reader.next() {
          try texts(of: record, fields: fields, file: file, line: reader.lineNumber, at: "").forEach(body)
        }
      } else if file.hasSuffix(".json") {
        let root = try JSON.read(file: file)
        guard let records = root.array else {
          throw JSONError(source: file, message: "expected an array of records, found \(root.kindName)")
        }
        for (i, r) in records.enumerated() { try texts(of: r, fields: fields, file: file, line: nil, at: "[\(i)]").forEach(body) }
      } else {
        try body(String(decoding: FileBytes(path: file).bytes, as: UTF8.self))
      }
    }
  }

  static func texts(of record: JSON, fields: [String], file: String, line: Int?, at place: String) throws -> [String] {
    guard let o = record.object else {
      throw JSONError(source: file, line: line, path: place, message: "expected an object record, found \(record.kindName)")
    }
    var out: [String] = []
    for f in fields {
      guard let v = o[f] else { continue }
      if let s = v.string { out.append(s) } else if let a = v.array, a.allSatisfy({ $0.string != nil }) {
        out += a.map { $0.string! }
      } else {
        throw JSONError(source: file, line: line, path: place.isEmpty ? f : "\(place).\(f)", message: "expected a string or a list of strings, found \(v.kindName)")
      }
    }
    if out.isEmpty {
      throw JSONError(source: file, line: line, path: place, message: "record has none of the fields \(fields); its keys: \(o.keys)")
    }
    return out
  }
}
