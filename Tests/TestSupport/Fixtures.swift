// Where the tests find what they read: the repository root, and the read-only shared folder beside
// it (`../shared`: fixtures made by HF transformers, see ../shared/fixtures/README.md, and data),
// found from this file's location so tests run from any working directory. One locator for every
// test target (they extend `Fixtures` with their own named fixtures).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum Fixtures {
  /// The repository root (this file is <repo>/Tests/TestSupport/Fixtures.swift).
  public static let repoRoot: String = {
    var dir = String(#filePath)
    for _ in 0..<3 { dir = String(dir[..<dir.lastIndex(of: "/")!]) }
    return dir
  }()

  /// The shared folder: $WARMRL_SHARED, else the first `shared` (holding `fixtures`) beside the
  /// repository or one of its ancestors, else /work/shared.
  public static let shared: String = {
    if let e = environment("WARMRL_SHARED") { return e }
    var dir = repoRoot
    for _ in 0..<4 {
      if isDirectory(dir + "/shared/fixtures") { return dir + "/shared" }
      guard let slash = dir.lastIndex(of: "/"), slash != dir.startIndex else { break }
      dir = String(dir[..<slash])
    }
    return "/work/shared"
  }()

  /// `shared/fixtures/<name>`.
  public static func fixture(_ name: String) -> String { shared + "/fixtures/" + name }

  public static func environment(_ name: String) -> String? {
    guard let p = getenv(name) else { return nil }
    return String(cString: p)
  }

  static func isDirectory(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
  }
}

/// A fresh temporary folder for one test (/tmp/warmrl-test-<tag>-XXXXXX); the caller removes it.
public func tempDir(_ tag: String) -> String {
  var template = Array("/tmp/warmrl-test-\(tag)-XXXXXX".utf8CString)
  let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
  precondition(p != nil, "mkdtemp failed")
  return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
