// kill -9 in the middle of a checkpoint save, on a real `warmrl warmup` process.
//
// The child is the `warmrl` executable built beside this test binary, started with posix_spawn.
// (An earlier version forked the test process itself; fork() in a multi-threaded process runs
// OpenBLAS's fork handler, which deadlocks while another test thread is inside sgemm, and CI hung.)
// WARMRL_FAULT_STALL_SAVE=N makes the child stop for good inside the save of step N, after that
// step's files are written and before its completion marker and rename, so the kill lands mid-save.
import Foundation
import JSON
import Model
import Testing
import TestSupport
import Training
#if canImport(Glibc)
import Glibc
#endif

@Suite struct KillTests {
  /// The folder holding `warmrl` and this test binary (.build/<config>/).
  static var buildDir: String {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
    // The test binary may sit inside a bundle folder (WarmRLPackageTests.xctest/...).
    for _ in 0..<4 where !FileManager.default.fileExists(atPath: dir.appendingPathComponent("warmrl").path) {
      dir = dir.deletingLastPathComponent()
    }
    return dir.path
  }

  static func fixture(_ name: String) -> String? {
    let path = Fixtures.fixture(name)
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }

  /// Starts `warmrl args` with `env` added to this process's environment, stdout and stderr to `log`.
  static func spawn(_ args: [String], env: [String: String], log: String) throws -> pid_t {
    let exe = buildDir + "/warmrl"
    guard FileManager.default.isExecutableFile(atPath: exe) else {
      throw TestFailure("no warmrl executable at \(exe): build it first (swift build --build-tests)")
    }
    var environment = ProcessInfo.processInfo.environment
    for (k, v) in env { environment[k] = v }
    let argv = ([exe] + args).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, exe, &actions, nil, argv, envp)
    guard rc == 0 else { throw TestFailure("posix_spawn \(exe): error \(rc)") }
    return pid
  }

  /// Polls `pid` every 10 ms until it exits, `stop()` holds or `seconds` pass; a child still running then
  /// is killed with SIGKILL. Reaps it and returns its exit code, or nil if it was killed.
  static func finish(_ pid: pid_t, seconds: Double, stop: () -> Bool = { false }) -> Int32? {
    let deadline = Date().addingTimeInterval(seconds)
    var status: Int32 = 0
    while waitpid(pid, &status, WNOHANG) == 0 {
      if stop() || Date() > deadline { kill(pid, SIGKILL); waitpid(pid, &status, 0); return nil }
      usleep(10_000)
    }
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : nil
  }

  static func text(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

  struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
  }

  /// A 9-step warmup of the tiny HF fixture, checkpointing every step, is killed with SIGKILL while
  /// saving step 3. Step 2 stays complete and loadable, the partial step-3 folder is not taken for a
  /// checkpoint, and `--resume` finishes the run to the same final weights, byte for byte, as a run
  /// that was never interrupted.
  @Test func killDuringSaveKeepsPreviousCheckpointAndResumes() throws {
    let fixture = try #require(Self.fixture("tiny-qwen2"), "shared/fixtures/tiny-qwen2 not found")
    let dir = NSTemporaryDirectory() + "warmrl-kill-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
    try FS.makeDirectories(dir + "/model")
    defer { FS.remove(dir) }
    for f in ["config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"] {
      try FS.copyFile(fixture + "/" + f, dir + "/model/" + f)
    }
    var traces = ""
    for i in 0..<12 {
      let a = i % 10, b = (3 * i) % 10
      let rec: JSON = ["prompt": .string("Q: \(a)+\(b)=?\nA: <think>"),
                       "response": .string(" \(a) plus \(b) is \(a + b). </think> <answer>\(a + b)</answer>")]
      traces += rec.serialized() + "\n"
    }
    try AtomicFile.write(traces, to: dir + "/traces.jsonl")
    try AtomicFile.write("{}\n", to: dir + "/warmup.json")
    func args(_ name: String) -> [String] {
      ["warmup", "--config", dir + "/warmup.json", "--set", "model.path=\(dir)/model", "--set", "run.root=\(dir)/runs",
       "--set", "run.name=\(name)", "--set", "data.traces=\(dir)/traces.jsonl", "--set", "eval.enabled=false",
       "--set", "run.checkpointEvery=1", "--set", "run.keepCheckpoints=9", "--set", "train.batchSize=4",
       "--set", "data.heldOut=2", "--set", "train.epochs=4"]
    }
    let ckpts = dir + "/runs/warmup-killed/checkpoints"

    // The run to kill: it stalls inside the save of step 3; wait for its message, then SIGKILL.
    let log = dir + "/killed.log"
    let pid = try Self.spawn(args("killed"), env: ["WARMRL_FAULT_STALL_SAVE": "3"], log: log)
    // Up to 60 s for a debug build to reach step 3; an early exit is reported below.
    _ = Self.finish(pid, seconds: 60) { Self.text(log).contains("stalling in the save") }
    let childLog = Self.text(log)
    try #require(childLog.contains("stalling in the save"), "the child never reached the save of step 3; its output:\n\(childLog)")

    // On disk, as the kill left it: steps 1 and 2 complete, step 3 only as a partial folder.
    #expect(FS.exists(ckpts + "/.partial-step-3"), "the kill did not land inside the save")
    #expect(!FS.exists(ckpts + "/step-3"))
    let model = try Qwen2Model.load(directory: ckpts + "/step-2")
    #expect(model.config.vocabSize == 512)

    // Restarting drops the partial folder and lists only complete checkpoints.
    let after = try Checkpointer(root: ckpts, keep: 9)
    #expect(after.steps == [1, 2])
    #expect(!FS.exists(ckpts + "/.partial-step-3"))

    // --resume finishes the run; an uninterrupted run with the same config gives the same weights.
    let resumed = try Self.spawn(args("killed") + ["--resume"], env: [:], log: dir + "/resumed.log")
    let rc1 = Self.finish(resumed, seconds: 300)
    #expect(rc1 == 0, "resume failed: \(Self.text(dir + "/resumed.log"))")
    let whole = try Self.spawn(args("whole"), env: [:], log: dir + "/whole.log")
    let rc2 = Self.finish(whole, seconds: 300)
    #expect(rc2 == 0, "uninterrupted run failed: \(Self.text(dir + "/whole.log"))")
    let last = try #require(try Checkpointer(root: ckpts, keep: 9).steps.last)
    #expect(last > 3)
    let a = try Data(contentsOf: URL(fileURLWithPath: ckpts + "/step-\(last)/model.safetensors"))
    let b = try Data(contentsOf: URL(fileURLWithPath: dir + "/runs/warmup-whole/checkpoints/step-\(last)/model.safetensors"))
    #expect(a == b, "resumed and uninterrupted runs differ at step \(last)")
  }
}
