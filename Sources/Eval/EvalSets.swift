// Where each domain's committed evaluation sets live (relative to the repository root, where the
// CLI runs), so `warmrl eval --domain kk` needs no --input.
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import JSON
import Puzzles

public enum EvalSets {
  /// Candidate paths for a domain's committed set, in the order they are tried.
  public static func candidates(domain: Domain, split: Split, root: String = "puzzles") -> [String] {
    let d = domain.rawValue, s = split.rawValue
    // puzzles/README.md names them <domain>-<split>.jsonl; the others are tolerated layouts.
    return ["\(root)/\(d)-\(s).jsonl", "\(root)/\(d)/\(s).jsonl", "\(root)/\(d)_\(s).jsonl", "\(root)/\(s)/\(d).jsonl"]
  }

  /// The first candidate that exists; otherwise an error listing every path tried.
  public static func defaultPath(domain: Domain, split: Split, root: String = "puzzles") throws -> String {
    let c = candidates(domain: domain, split: split, root: root)
    if let p = c.first(where: { access($0, R_OK) == 0 }) { return p }
    throw JSONError(source: root, message: "no committed \(split.rawValue) set for domain '\(domain.rawValue)' (tried \(c.joined(separator: ", ")); run from the repository root, or pass --input FILE)")
  }
}
