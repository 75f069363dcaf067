// Paths of the shared fixtures and of this target's reference files, found from this file's
// location (repo/Tests/TokenizerTests/) so tests run from any working directory.
import JSON
import Tokenizer

enum Fixtures {
  static let testsDir: String = {
    let f = #filePath
    return String(f[..<f.lastIndex(of: "/")!])
  }()
  /// `../shared` beside the repository (WARMRL_SHARED overrides).
  static let shared: String = {
    if let p = getenvString("WARMRL_SHARED") { return p }
    return testsDir + "/../../../shared"
  }()
  static let tiny = shared + "/fixtures/tiny-qwen2"
  static let qwen = shared + "/fixtures/qwen2.5-tokenizer"
  static let resources = testsDir + "/Resources"

  /// Loaded once per test process: the 7 MB file is the slow part of these tests.
  static let qwenTokenizer: Tokenizer? = try? Tokenizer(path: qwen)
  static let tinyTokenizer: Tokenizer? = try? Tokenizer(path: tiny)
}

#if canImport(Glibc)
import Glibc
#endif

func getenvString(_ name: String) -> String? {
  guard let p = getenv(name) else { return nil }
  return String(cString: p)
}
