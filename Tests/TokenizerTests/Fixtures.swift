// This target's fixtures and reference files: the shared fixtures through TestSupport's locator,
// the reference files beside this file (repo/Tests/TokenizerTests/Resources).
import JSON
import TestSupport
import Tokenizer

extension Fixtures {
  static let testsDir = repoRoot + "/Tests/TokenizerTests"
  static let tiny = fixture("tiny-qwen2")
  static let qwen = fixture("qwen2.5-tokenizer")
  static let resources = testsDir + "/Resources"

  /// Loaded once per test process: the 7 MB file is the slow part of these tests.
  static let qwenTokenizer: Tokenizer? = try? Tokenizer(path: qwen)
  static let tinyTokenizer: Tokenizer? = try? Tokenizer(path: tiny)
}
