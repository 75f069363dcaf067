// `warmrl ablate`: resolve the config and preset, run the matrix (resumable cell by cell), write
// results.json, the notebook and its plots.
import Foundation
import JSON
import Training

public enum AblateStage {
  /// Runs the ablation; returns the notebook path.
  @discardableResult
  public static func run(configFile: String?, preset: String, overrides: [String], command: String) throws -> String {
    let t0 = FS.now()
    let (cfg, _) = try Config.load(AblationConfig.self, defaults: AblationConfig(), file: configFile,
                                   overrides: try AblationConfig.preset(preset) + overrides)
    let runner = try AblationRunner(config: cfg, preset: preset)
    printErr("ablate: preset \(preset), \(cfg.seeds.count) seed(s), \(runner.arms.count) arms, results in \(runner.folder)")
    _ = try runner.run()
    let date = String(FS.utcTimestamp().prefix(10))
    let report = AblationReport(runner: runner, date: date, wallSeconds: FS.now() - t0, command: command, machine: machineDescription())
    let root = cfg.notebooks.isEmpty ? runner.folder : cfg.notebooks
    let data = root + "/" + report.dataFolderName
    try report.writePlots(into: data)
    try FS.copyFile(runner.folder + "/results.json", data + "/results.json")
    let path = root + "/" + report.dataFolderName + ".md"
    try AtomicFile.write(report.markdown(), to: path)
    printErr("ablate: notebook \(path)")
    return path
  }

  /// CPU model, cores and OS, for the notebook.
  static func machineDescription() -> String {
    let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
      .split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?.trimmingCharacters(in: .whitespaces)
    return "\(cpu ?? "unknown CPU"), \(ProcessInfo.processInfo.activeProcessorCount) cores"
  }
}
