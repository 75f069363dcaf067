// Locates the read-only reference files ($WARMRL_SHARED_DATA, else `data` in TestSupport's shared
// folder) that the verifier tests check against.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSON
import TestSupport

struct MissingSharedData: Error, CustomStringConvertible {
  var rel: String
  var description: String { "reference file shared/data/\(rel) not found (set WARMRL_SHARED_DATA)" }
}

enum SharedData {
  static func path(_ rel: String) throws -> String {
    var candidates: [String] = []
    if let env = getenv("WARMRL_SHARED_DATA") { candidates.append(String(cString: env)) }
    candidates.append(Fixtures.shared + "/data")
    for c in candidates where access(c + "/" + rel, R_OK) == 0 { return c + "/" + rel }
    throw MissingSharedData(rel: rel)
  }

  /// JSON records of a `.jsonl` file or of a `.json` array.
  static func records(_ rel: String) throws -> [JSON] {
    let p = try path(rel)
    if p.hasSuffix(".jsonl") { return try JSONLReader.readAll(p) }
    return try JSON.read(file: p).array ?? []
  }
}
