// Runs the real `warmrl` binary (built beside this test binary) with a time limit, stdout and
// stderr captured separately, for the malformed-input tests.
import Foundation
import JSON
import Training
#if canImport(Glibc)
import Glibc
#endif

struct CLIResult {
  /// Exit status; nil when the process was killed (a crash, or the time limit ran out).
  var status: Int32?
  var stdout: String
  var stderr: String
  var seconds: Double
}

/// A scratch folder with helpers to write inputs and snapshot it (to show nothing was damaged).
final class Scratch {
  let dir: String
  init(_ tag: String) {
    dir = NSTemporaryDirectory() + "warmrl-cli-\(tag)-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
    try? FS.makeDirectories(dir)
  }
  deinit { FS.remove(dir) }

  func path(_ name: String) -> String { dir + "/" + name }

  @discardableResult
  func write(_ name: String, _ text: String) -> String {
    let p = path(name)
    try? FS.makeDirectories((p as NSString).deletingLastPathComponent)
    FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
    return p
  }

  /// Every file under the folder with its bytes (nested folders included).
  func snapshot() -> [String: Data] {
    var out: [String: Data] = [:]
    let e = FileManager.default.enumerator(atPath: dir)
    while let rel = e?.nextObject() as? String {
      var isDir: ObjCBool = false
      if FileManager.default.fileExists(atPath: path(rel), isDirectory: &isDir), !isDir.boolValue {
        out[rel] = FileManager.default.contents(atPath: path(rel)) ?? Data()
      }
    }
    return out
  }

  /// A copy of a shared fixture checkpoint, with `config` keys replaced.
  func model(_ name: String = "model", config changes: [String: JSON] = [:]) throws -> String {
    let fixture = try KillTests.fixture("tiny-qwen2") ?? { throw KillTests.TestFailure("shared/fixtures/tiny-qwen2 not found") }()
    let d = path(name)
    try FS.makeDirectories(d)
    for f in ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"] {
      try FS.copyFile(fixture + "/" + f, d + "/" + f)
    }
    if !changes.isEmpty {
      var o = try JSON.read(file: d + "/config.json").object!
      for (k, v) in changes { o[k] = v }
      try JSON.object(o).write(file: d + "/config.json")
    }
    return d
  }
}

enum CLI {
  /// Runs `warmrl args` (give absolute paths: the child runs in this process's folder); kills it
  /// after `seconds` (then `status` is nil).
  static func run(_ args: [String], seconds: Double = 60, in scratch: Scratch) throws -> CLIResult {
    let exe = KillTests.buildDir + "/warmrl"
    guard FileManager.default.isExecutableFile(atPath: exe) else {
      throw KillTests.TestFailure("no warmrl executable at \(exe): build it first (swift build --build-tests)")
    }
    let tag = UInt32.random(in: 0..<UInt32.max)
    let out = NSTemporaryDirectory() + "warmrl-cli-out-\(getpid())-\(tag)", err = out + ".err"
    defer { unlink(out); unlink(err) }
    let argv = ([exe] + args).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, exe, &actions, nil, argv, environ)
    guard rc == 0 else { throw KillTests.TestFailure("posix_spawn \(exe): error \(rc)") }
    let t0 = Date()
    let status = KillTests.finish(pid, seconds: seconds)
    // Output is read back bounded: a command looping on one message must not fill the test's memory.
    func head(_ p: String) -> String {
      guard let h = FileHandle(forReadingAtPath: p) else { return "" }
      defer { try? h.close() }
      return String(decoding: h.readData(ofLength: 1 << 20), as: UTF8.self)
    }
    return CLIResult(status: status, stdout: head(out), stderr: head(err), seconds: Date().timeIntervalSince(t0))
  }
}
