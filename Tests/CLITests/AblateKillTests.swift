// kill -9 of a real `warmrl ablate --preset smoke` in the middle of its matrix, then a rerun with
// --resume: results.json ends as that of an uninterrupted run (timings and the run folder aside).
import Foundation
import JSON
import Testing
import Training
#if canImport(Glibc)
import Glibc
#endif

@Suite struct AblateKillTests {
  /// results.json with the run folder replaced by ROOT and wall-clock fields removed (and the stages'
  /// config hashes, which hash resolved configs that hold the run folder's path).
  static func normalised(_ path: String, root: String) throws -> JSON {
    let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: root, with: "ROOT")
    func strip(_ j: JSON) -> JSON {
      switch j {
      case .object(let o):
        var out = JSONObject()
        for (k, v) in o where !["seconds", "finished_utc", "tokens_per_s", "config_hash"].contains(k) { out[k] = strip(v) }
        return .object(out)
      case .array(let a): return .array(a.map(strip))
      default: return j
      }
    }
    return strip(try JSON.parse(text, source: path))
  }

  @Test func killedMatrixResumesToTheSameResults() throws {
    let dir = NSTemporaryDirectory() + "warmrl-ablate-kill-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
    try FS.makeDirectories(dir)
    defer { FS.remove(dir) }
    func args(_ root: String) -> [String] {
      ["ablate", "--preset", "smoke", "--set", "root=\(root)", "--set", "passAtK.enabled=false", "--set", "eval.domains=[\"kk\"]"]
    }
    // Uninterrupted.
    let whole = try KillTests.spawn(args(dir + "/whole"), env: [:], log: dir + "/whole.log")
    #expect(KillTests.finish(whole, seconds: 600) == 0, "uninterrupted run failed: \(KillTests.text(dir + "/whole.log"))")
    // The smoke preset writes no notebooks folder: the notebook goes beside the cells, named after the config's name.
    let notebooks = FS.list(dir + "/whole/ablate-smoke")
    #expect(notebooks.contains { $0.hasSuffix("-ablation-smoke.md") }, "no <date>-ablation-smoke.md in \(notebooks)")
    // Killed once the matrix is under way (the first RLVR cell has started), then resumed.
    let log = dir + "/killed.log"
    let pid = try KillTests.spawn(args(dir + "/killed"), env: [:], log: log)
    _ = KillTests.finish(pid, seconds: 600) { KillTests.text(log).contains("rlvr base+kk seed 0: running") }
    #expect(!FS.exists(dir + "/killed/ablate-smoke/results.json"), "the run finished before it could be killed")
    let resumed = try KillTests.spawn(args(dir + "/killed") + ["--resume"], env: [:], log: dir + "/resumed.log")
    #expect(KillTests.finish(resumed, seconds: 600) == 0, "resume failed: \(KillTests.text(dir + "/resumed.log"))")
    #expect(KillTests.text(dir + "/resumed.log").contains("cached"))
    let a = try Self.normalised(dir + "/whole/ablate-smoke/results.json", root: dir + "/whole")
    let b = try Self.normalised(dir + "/killed/ablate-smoke/results.json", root: dir + "/killed")
    let sa = a.serialized(sortKeys: true), sb = b.serialized(sortKeys: true)
    let at = sa.commonPrefix(with: sb).count
    #expect(sa == sb, "results differ from character \(at): \(sa.dropFirst(max(0, at - 200)).prefix(400)) vs \(sb.dropFirst(max(0, at - 200)).prefix(400))")
  }
}
