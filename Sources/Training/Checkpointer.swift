// Crash-safe checkpoint folders. A checkpoint is written into `.partial-step-N/`, every file in it
// is fsynced, a `warmrl-complete` marker is written last, and only then is the folder renamed to
// `step-N`. A kill at any moment leaves either the previous checkpoints untouched plus a partial
// folder (removed on the next start) or the new complete folder: never a torn `step-N`. This is the
// only folder swap of a checkpoint: the model's files are written straight into the partial folder.
import JSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public final class Checkpointer {
  /// The folder holding `step-N` subfolders (a run's `checkpoints/` or `state/`).
  public let root: String
  /// How many `step-N` folders to keep (the newest; older ones are removed after a successful save).
  public let keep: Int
  /// Test hook: called with the partial folder after the writer ran and before the rename, so a
  /// test can stop the process exactly mid-save.
  public var beforeCommit: ((String) throws -> Void)?

  public static let marker = "warmrl-complete"

  /// Fault injection for the kill-during-save test: with WARMRL_FAULT_STALL_SAVE=N in the environment,
  /// the save of step N stops for good after its files are written and before the completion marker
  /// and the rename, so that a test can kill -9 the process mid-save at a known point. The test runs
  /// `warmrl` as a child process: forking the multi-threaded test process itself can deadlock in
  /// OpenBLAS's fork handler while another test's sgemm runs (seen in CI).
  static let stallStep: Int? = getenv("WARMRL_FAULT_STALL_SAVE").flatMap { Int(String(cString: $0)) }

  public init(root: String, keep: Int) throws {
    precondition(keep >= 1, "Checkpointer.keep must be >= 1")
    self.root = root; self.keep = keep
    try FS.makeDirectories(root)
    // Leftovers of a save that was killed: never complete, safe to drop.
    for n in FS.list(root) where n.hasPrefix(".partial-") || n.hasPrefix(".old-") { FS.remove(root + "/" + n) }
  }

  /// The steps with a complete folder, ascending.
  public var steps: [Int] {
    FS.list(root).compactMap { n -> Int? in
      guard n.hasPrefix("step-"), let s = Int(n.dropFirst(5)),
            FS.exists(root + "/" + n + "/" + Checkpointer.marker) else { return nil }
      return s
    }.sorted()
  }

  public func path(step: Int) -> String { root + "/step-\(step)" }

  public var latest: String? { steps.last.map(path(step:)) }

  /// Saves step `step`: `write` fills the (not yet existing) folder it is given. Returns the final path.
  @discardableResult
  public func save(step: Int, _ write: (String) throws -> Void) throws -> String {
    let partial = root + "/.partial-step-\(step)"
    FS.remove(partial)
    do {
      try write(partial)
      if step == Checkpointer.stallStep {
        printErr("warmrl: WARMRL_FAULT_STALL_SAVE=\(step): stalling in the save of \(partial)")
        while true { pause() }
      }
      try FS.makeDirectories(partial)
      for n in FS.list(partial) { FS.sync(partial + "/" + n) }
      try AtomicFile.write("step \(step)\n", to: partial + "/" + Checkpointer.marker)
      FS.sync(partial)
      try beforeCommit?(partial)
    } catch {
      FS.remove(partial)
      throw error
    }
    let final = path(step: step)
    // Re-saving a step (after a resume) moves the old one aside first and drops it once replaced.
    try FS.swapIn(partial, as: final, aside: root + "/.old-step-\(step)")
    prune()
    return final
  }

  /// Removes all but the newest `keep` complete folders.
  public func prune() {
    let s = steps
    if s.count > keep { for old in s.prefix(s.count - keep) { FS.remove(path(step: old)) } }
  }

  /// Removes every folder for a step greater than `step` (a resume from `step` restarts from there).
  public func removeAfter(step: Int) {
    for s in steps where s > step { FS.remove(path(step: s)) }
  }
}
