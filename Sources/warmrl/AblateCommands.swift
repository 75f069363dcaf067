// `warmrl ablate`: argument parsing only; the matrix lives in the Ablate module.
import Ablate
import ArgumentParser
import Foundation
import JSON
import Training

struct AblateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ablate",
    abstract: "The study: {base, warmup} x {no RLVR, RLVR per domain} x seeds plus control arms, evaluated on every domain, written up as a notebook.",
    discussion: """
      Finished cells are cached under runs/ablate-<name>/cells/ by a hash of everything they read, so a rerun (or --resume \
      after a kill) redoes only unfinished or changed cells. Presets: smoke (minutes; the tests), quick (the main job), full.
      """)

  @Option(help: "Ablation config (JSON with // comments).") var config: String = "stages/ablation.json"
  @Option(help: "smoke, quick or full.") var preset: String = "quick"
  @Option(name: .customLong("set"), help: "Override one config key after the preset (repeatable).") var overrides: [String] = []
  @Flag(help: "Continue an interrupted matrix (finished cells are always reused; this flag only documents intent).") var resume = false

  func validate() throws {
    if !FS.exists(config) { throw ValidationError("config file \(config) does not exist") }
    if !["smoke", "quick", "full"].contains(preset) { throw ValidationError("unknown preset '\(preset)'; valid: smoke, quick, full") }
    for o in overrides where !o.contains("=") { throw ValidationError("--set expects key=value, got '\(o)'") }
  }

  func run() throws {
    let cmd = (["warmrl"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
    let path = try AblateStage.run(configFile: config, preset: preset, overrides: overrides, command: cmd)
    print(path)
  }
}
