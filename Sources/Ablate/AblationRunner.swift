// Runs the ablation matrix. Every cell (a warmup per seed, an RLVR run, an evaluation, a pass@k
// curve) is identified by a hash of everything it reads: its resolved config, its parent cell's hash
// (or the starting checkpoint's bytes) and its data files. A finished cell leaves `result.json` in
// `cells/<label>-<hash>/`; a rerun (or `--resume`) reuses it, so an interrupted matrix redoes nothing
// finished and a changed config or input reruns exactly the cells it reaches. A cell that fails is
// recorded with its error and the cells that need it are skipped; the rest still complete.
import Eval
import JSON
import Model
import Puzzles
import RLVR
import Training
import Warmup

/// One row of the matrix: where it starts and what RLVR (if any) it gets.
public struct Arm: Sendable, Hashable {
  public var start: String   // "base" or "warmup"
  public var rlvr: String    // "none", a domain, or "<control>-<domain>"
  public var label: String { "\(start)+\(rlvr)" }
}

/// A finished (or failed) cell's record, as stored in its result.json and results.json.
public struct CellRecord {
  public var json: JSONObject
  public var ok: Bool { json["status"]?.string == "finished" }
  public subscript(_ k: String) -> JSON? { json[k] }
}

public final class AblationRunner {
  public let config: AblationConfig
  public let preset: String
  public let folder: String
  public var log: (String) -> Void = { printErr($0) }
  /// Cells run or reused so far, in order.
  public private(set) var cells: [CellRecord] = []
  /// Cells found finished on disk and reused in this run.
  public private(set) var cachedLabels: [String] = []
  let start = FS.now()
  /// Each input file is hashed, and each domain's test questions (with the train records the baselines
  /// need) are read, once per run rather than once per cell.
  var fileHashes: [String: String] = [:]
  var evalInputs: [String: EvalInput] = [:]
  var planned = 0, done = 0, ranSeconds = 0.0, ran = 0

  public init(config: AblationConfig, preset: String) throws {
    try config.validate()
    self.config = config; self.preset = preset
    folder = (config.root.hasSuffix("/") ? String(config.root.dropLast()) : config.root) + "/ablate-\(config.name)"
    try FS.makeDirectories(folder + "/cells")
  }

  /// The arms of the matrix (same for every seed).
  public var arms: [Arm] {
    var a: [Arm] = [Arm(start: "base", rlvr: "none"), Arm(start: "warmup", rlvr: "none")]
    for d in config.rlvr.domains { a += [Arm(start: "base", rlvr: d), Arm(start: "warmup", rlvr: d)] }
    for c in config.rlvr.controls {
      a += [Arm(start: "base", rlvr: "\(c.rawValue)-\(config.rlvr.controlDomain)"),
            Arm(start: "warmup", rlvr: "\(c.rawValue)-\(config.rlvr.controlDomain)")]
    }
    for c in config.warmup.controls {
      a += [Arm(start: "warmup-\(c.rawValue)", rlvr: "none"), Arm(start: "warmup-\(c.rawValue)", rlvr: config.rlvr.controlDomain)]
    }
    return a
  }

  func passAtKArm(_ a: Arm) -> Bool {
    config.passAtK.enabled && (a.rlvr == "none" || a.rlvr == config.passAtK.domain)
  }

  /// Runs every cell; returns the records (also in `results.json`).
  public func run() throws -> [CellRecord] {
    planned = config.seeds.count * (arms.count + arms.filter { $0.rlvr != "none" }.count + arms.filter(passAtKArm).count
                                   + (needsWarmupTraining ? 1 : 0) + config.warmup.controls.count)
    let baseHash = try fileHash(config.base + "/model.safetensors") + fileHash(config.base + "/config.json")
    for seed in config.seeds {
      var warm: (path: String, hash: String)?
      if !config.warmup.checkpoint.isEmpty {
        warm = (config.warmup.checkpoint, "reused:" + (try fileHash(config.warmup.checkpoint + "/model.safetensors")))
      } else if let w = try warmupCell(seed: seed, baseHash: baseHash) {
        warm = w
      }
      var variants: [String: (path: String, hash: String)] = [:]
      for c in config.warmup.controls {
        if let w = try warmupCell(seed: seed, baseHash: baseHash, control: c) { variants["warmup-" + c.rawValue] = w }
      }
      for arm in arms {
        let startModel: (path: String, hash: String)? = arm.start == "base" ? (config.base, "base:" + baseHash)
          : arm.start == "warmup" ? warm : variants[arm.start]
        guard let startModel else {
          record(failedCell(label: "\(arm.label) seed \(seed)", error: "its warmup cell failed"))
          continue
        }
        var model: (path: String, hash: String)? = startModel
        if arm.rlvr != "none" { model = try rlvrCell(arm: arm, seed: seed, from: startModel) }
        guard let model else {  // its RLVR cell failed (and is recorded): so do the evaluations that need it
          for kind in ["eval"] + (passAtKArm(arm) ? ["pass@k"] : []) {
            record(failedCell(label: "\(kind) \(arm.label) seed \(seed)", error: "its RLVR cell failed"))
          }
          continue
        }
        try evalCell(arm: arm, seed: seed, model: model, passAtK: false)
        if passAtKArm(arm) { try evalCell(arm: arm, seed: seed, model: model, passAtK: true) }
      }
    }
    try writeResults()
    return cells
  }

  var needsWarmupTraining: Bool { config.warmup.checkpoint.isEmpty }

  func fileHash(_ path: String) throws -> String {
    if let h = fileHashes[path] { return h }
    let h = try fnv1a64(fileAt: path)
    fileHashes[path] = h
    return h
  }

  /// The first `limit` (0: all) questions of `file` (K&K: of the `eval.kkPeople` people counts), with
  /// the domain's train records for the baselines.
  func evalInput(_ domain: Domain, _ file: String, limit: Int) throws -> EvalInput {
    let people = domain == .kk ? config.eval.kkPeople : []
    let key = "\(file)|\(limit)|\(people)"
    if let i = evalInputs[key] { return i }
    var input = try EvalInput.load(domain: domain, path: file, limit: limit > 0 && people.isEmpty ? limit : nil)
    if !people.isEmpty {
      let keep = input.records.indices.filter { people.contains(input.records[$0]["names"]?.array?.count ?? -1) }
      let chosen = limit > 0 ? Array(keep.prefix(limit)) : keep
      if chosen.isEmpty { throw TrainingError.badConfig("eval.kkPeople \(people): no puzzle of \(file) has that many people") }
      input = EvalInput(spec: input.spec, source: input.source, records: chosen.map { input.records[$0] }, lines: chosen.map { input.lines[$0] })
    }
    if let train = try? EvalSets.defaultPath(domain: domain, split: .train) { try input.loadTrain(path: train) }
    evalInputs[key] = input
    return input
  }

  // MARK: cells

  /// Runs `body` in the cell folder for `label`/`hash` unless its result.json exists.
  func cell(kind: String, label: String, hash: String, fields: JSONObject, _ body: (String) throws -> JSONObject) throws -> CellRecord {
    // The folder is named by the hash alone, so two cells that read the same things (a greedy eval of the
    // same model under another seed) are one cell: the second finds the first's result.
    let dir = folder + "/cells/" + kind + "-" + String(hash.prefix(16))
    let resultPath = dir + "/result.json"
    done += 1
    if FS.exists(resultPath), let j = try? JSON.read(file: resultPath), case .object(var o) = j, o["status"]?.string == "finished" {
      log("ablate [\(done)/\(planned)] \(label): cached (\(dir))")
      for (k, v) in fields { o[k] = v }  // this cell's seed and arm (the result may have been made under another)
      o["label"] = .string(label)
      let r = CellRecord(json: o)
      cachedLabels.append(label)
      record(r)
      return r
    }
    let eta = ran > 0 ? ProgressLine.duration(ranSeconds / Double(ran) * Double(planned - done + 1)) : "?"
    log("ablate [\(done)/\(planned)] \(label): running (elapsed \(ProgressLine.duration(FS.now() - start)), ETA \(eta))")
    try FS.makeDirectories(dir)
    var o = fields
    o["kind"] = .string(kind); o["label"] = .string(label); o["hash"] = .string(hash); o["dir"] = .string(dir)
    let t0 = FS.now()
    do {
      for (k, v) in try body(dir) { o[k] = v }
      o["status"] = "finished"
    } catch {
      o["status"] = "failed"
      o["error"] = .string("\(error)")
      log("ablate: cell \(label) FAILED: \(error)")
    }
    o["seconds"] = .double(FS.now() - t0)
    ranSeconds += FS.now() - t0; ran += 1
    try JSON.object(o).write(file: resultPath)
    let r = CellRecord(json: o)
    record(r)
    return r
  }

  func record(_ r: CellRecord) { cells.append(r) }

  func failedCell(label: String, error: String) -> CellRecord {
    done += 1
    return CellRecord(json: JSONObject(pairs: [("label", .string(label)), ("status", "failed"), ("error", .string(error))]))
  }

  /// The warmup stages a warmup cell runs, in order, each from the previous one's checkpoint (the first
  /// from the base): the K&K warmup, the `warmup.between` runs and, when `warmup.then` is set, the last
  /// phase (the replay rehearsal). The replayOnly control runs the last phase alone, from the base, without traces.
  func warmupPhases(control: WarmupControl?) throws -> [(file: String, overrides: [String])] {
    let w = config.warmup
    if control == .replayOnly {
      guard !w.then.isEmpty else { throw TrainingError.badConfig("the replayOnly warmup control needs warmup.then (a warmup config with data.replay)") }
      // No K&K probe: this arm trains no K&K (its probe would cost minutes and say nothing).
      return [(w.then, w.thenOverrides + ["data.replayOnly=true", "eval.enabled=false"])]
    }
    return [(w.config, w.overrides)] + w.between.map { ($0.config, $0.overrides) } + (w.then.isEmpty ? [] : [(w.then, w.thenOverrides)])
  }

  func warmupCell(seed: UInt64, baseHash: String, control: WarmupControl? = nil) throws -> (path: String, hash: String)? {
    let w = config.warmup
    let label = "warmup\(control.map { "-" + $0.rawValue } ?? "") seed \(seed)"
    var phases: [(file: String, overrides: [String], resolved: WarmupConfig)] = []
    var parts = ["warmup", baseHash, "maxTraces=\(w.maxTraces)", "control=\(control?.rawValue ?? "none")"]
    do {
      for (i, (file, extra)) in try warmupPhases(control: control).enumerated() {
        let overrides = extra + (i == 0 ? ["model.path=\(config.base)"] : []) + ["run.seed=\(seed)"]
        var (resolved, _) = try Config.load(WarmupConfig.self, defaults: WarmupConfig(), file: file, overrides: overrides)
        try resolved.validate()
        if i > 0 { resolved.model.path = "" }  // a later phase starts from the previous one, identified by this hash
        // With data.generate the stage makes its own traces (the resolved config, hashed, says which).
        parts += [try JSON(encoding: resolved).serialized(sortKeys: true),
                  resolved.data.generate == nil ? try fileHash(resolved.data.traces) : "generated"]
        phases.append((file, overrides, resolved))
      }
    } catch {
      log("ablate: cell \(label) FAILED: \(error)")
      record(failedCell(label: label, error: "\(error)"))
      return nil
    }
    let hash = fnv1a64(parts.joined(separator: "\u{1}"))
    let r = try cell(kind: "warmup", label: label, hash: hash, fields: JSONObject(["seed": .int(Int(seed))])) { dir in
      var checkpoint = "", summaries: [JSON] = []
      let traceControl = control == .replayOnly ? nil : control  // replayOnly alters no traces: it drops them
      for (i, phase) in phases.enumerated() {
        let name = i == 0 ? "run" : "run\(i + 1)"
        let marker = dir + "/phase-\(i + 1).json"
        if let j = try? JSON.read(file: marker), let c = j["last_checkpoint"]?.string {  // finished before an interruption
          checkpoint = c; summaries.append(j); continue
        }
        var overrides = phase.overrides + (i > 0 ? ["model.path=\(checkpoint)"] : [])
        if (w.maxTraces > 0 || traceControl != nil) && !phase.resolved.data.replayOnly {
          var source = phase.resolved.data.traces
          if var g = phase.resolved.data.generate {
            // The generated set (its first maxTraces when capped) is made here, altered, and read as a file.
            if w.maxTraces > 0 { g.count = min(g.count, w.maxTraces) }
            source = dir + "/generated-traces-\(i + 1).jsonl"
            try WarmupStage.makeTraces(g, to: source)
            overrides.append("data.generate=null")
          }
          var rows: [JSON] = []
          try JSONLReader(path: source).forEach { _, v in if w.maxTraces == 0 || rows.count < w.maxTraces { rows.append(v) } }
          if let traceControl { rows = try WarmupTraceControl.apply(traceControl, to: rows, source: source) }
          let altered = dir + "/traces-\(i + 1).jsonl"
          try AtomicFile.write(rows.map { $0.serialized() }.joined(separator: "\n") + "\n", to: altered)
          overrides.append("data.traces=\(altered)")
        }
        overrides += ["run.root=\(dir)", "run.name=\(name)"]
        let resume = !FS.list(dir + "/warmup-\(name)/checkpoints").filter { $0.hasPrefix("step-") }.isEmpty
        let s = try WarmupStage.run(configFile: phase.file, overrides: overrides, resume: resume)
        guard let c = s["last_checkpoint"]?.string else { throw TrainingError.badConfig("warmup phase \(i + 1) wrote no checkpoint") }
        try s.write(file: marker)
        checkpoint = c; summaries.append(s)
      }
      return JSONObject(["checkpoint": .string(checkpoint), "summary": summaries.last ?? .null, "phases": .array(summaries)])
    }
    guard r.ok, let p = r["checkpoint"]?.string else { return nil }
    return (p, "warmup:" + hash)
  }

  /// The RLVR overrides of an arm: its domain and, for a control, what replaces the reward or pool.
  func rlvrOverrides(_ arm: Arm) -> (domain: String, extra: [String]) {
    for c in ControlArm.allCases where arm.rlvr.hasPrefix(c.rawValue + "-") {
      let d = String(arm.rlvr.dropFirst(c.rawValue.count + 1))
      switch c {
      case .randomReward: return (d, ["reward.control=random"])
      case .formatOnly: return (d, ["reward.control=formatOnly"])
      case .oneShot: return (d, ["data.limit=1"])
      }
    }
    return (arm.rlvr, [])
  }

  func rlvrCell(arm: Arm, seed: UInt64, from start: (path: String, hash: String)) throws -> (path: String, hash: String)? {
    let (domain, extra) = rlvrOverrides(arm)
    var overrides = config.rlvr.overrides + (config.rlvr.domainOverrides[domain] ?? []) + extra + ["model.path=\(start.path)", "data.domain=\(domain)",
      "data.train=puzzles/\(domain)-train.jsonl", "run.seed=\(seed)", "train.steps=\(config.rlvr.steps)"]
    let label = "rlvr \(arm.label) seed \(seed)"
    let hash: String
    do {  // a config or pool file that cannot be read fails this cell (and its evaluations), not the matrix
      let (resolved, _) = try Config.load(RLVRConfig.self, defaults: RLVRConfig(), file: config.rlvr.config, overrides: overrides)
      var hashed = resolved
      hashed.model.path = ""  // the start model is identified by its hash, not its folder
      hash = fnv1a64(["rlvr", try JSON(encoding: hashed).serialized(sortKeys: true), start.hash,
                      try fileHash(resolved.data.train)].joined(separator: "\u{1}"))
    } catch {
      log("ablate: cell \(label) FAILED: \(error)")
      record(failedCell(label: label, error: "\(error)"))
      return nil
    }
    let r = try cell(kind: "rlvr", label: label, hash: hash, fields: JSONObject(["seed": .int(Int(seed)), "arm": .string(arm.label),
                                                                      "start": .string(arm.start), "rlvr": .string(arm.rlvr)])) { dir in
      overrides += ["run.root=\(dir)", "run.name=run", "run.checkpointEvery=\(max(1, config.rlvr.steps / 4))"]
      let resume = !FS.list(dir + "/rlvr-run/checkpoints").filter { $0.hasPrefix("step-") }.isEmpty
      let s = try RLVRStage.run(configFile: config.rlvr.config, overrides: overrides, resume: resume)
      return JSONObject(["checkpoint": s["last_checkpoint"] ?? .null, "metrics": .string(dir + "/rlvr-run/metrics.jsonl"), "summary": s])
    }
    guard r.ok, let p = r["checkpoint"]?.string else { return nil }
    return (p, "rlvr:" + hash)
  }

  func evalCell(arm: Arm, seed: UInt64, model: (path: String, hash: String), passAtK: Bool) throws {
    let e = config.eval, pk = config.passAtK
    let domains = passAtK ? [pk.domain] : e.domains
    let temperature = passAtK ? pk.temperature : e.temperature
    let samples = passAtK ? pk.samples : (e.temperature == 0 ? 1 : e.samples)
    let limit = passAtK ? pk.limit : e.limit
    var files: [String] = []
    for d in domains { files.append(try EvalSets.defaultPath(domain: Domain(rawValue: d)!, split: .test)) }
    let seedPart = temperature == 0 ? "greedy" : "seed=\(seed)"  // greedy results do not depend on the seed
    let maxTokens = domains.map { "\($0)=\(e.maxNewTokens($0))" }.joined(separator: ",")
    let people = domains.contains("kk") && !e.kkPeople.isEmpty ? ["kkPeople=\(e.kkPeople)"] : []
    let key = ["eval", model.hash, domains.joined(separator: ","), "t=\(temperature)", "k=\(samples)", "limit=\(limit)",
               "max=\(maxTokens)", seedPart] + people + (try files.map { try fileHash($0) })
    let hash = fnv1a64(key.joined(separator: "\u{1}"))
    let label = (passAtK ? "pass@k " : "eval ") + "\(arm.label) seed \(seed)"
    _ = try cell(kind: passAtK ? "passAtK" : "eval", label: label, hash: hash,
                 fields: JSONObject(["seed": .int(Int(seed)), "arm": .string(arm.label), "start": .string(arm.start),
                                      "rlvr": .string(arm.rlvr), "model": .string(model.path)])) { _ in
      let engine = try ModelEngine(modelDir: model.path)
      var out = JSONObject()
      for (d, file) in zip(domains, files) {
        let sampling = Sampling(samples: samples, temperature: temperature, topP: 1, maxNewTokens: e.maxNewTokens(d), stop: ["</answer>"])
        let input = try evalInput(Domain(rawValue: d)!, file, limit: limit)
        var perQuestion = [Int](repeating: 0, count: input.records.count)
        var fmtOK = 0, n = 0, tokens = 0
        var ev = Evaluator(engine: engine, options: EvalOptions(sampling: sampling, seed: seed))
        ev.onSample = { s in
          if s["status"]?.string == "correct" { perQuestion[s["question"]!.int!] += 1 }
          if s["format_ok"]?.bool == true { fmtOK += 1 }
          n += 1; tokens += s["tokens"]?.int ?? 0
        }
        let r = try ev.run(input)
        var o = JSONObject()
        o["n"] = .int(input.records.count)
        o["k"] = .int(samples)
        o["pass@1"] = .double(r.overall.pass1)
        o["correct_per_question"] = .array(perQuestion.map(JSON.int))
        o["tag_format_ok"] = .double(Double(fmtOK) / Double(max(1, n)))
        o["mean_tokens"] = .double(Double(tokens) / Double(max(1, n)))
        if let b = r.baselines {  // the strongest trivial baseline on the same questions (Eval's Baselines)
          o["strongest_baseline"] = b.strongest.map(JSON.string) ?? .null
          o["strongest_baseline_accuracy"] = b.strongestAccuracy.map(JSON.double) ?? .null
          if let m = b.mixedRole {
            o["mixed_role_pass@1"] = .double(m.pass1)
            o["mixed_role_n"] = .int(m.n)
            o["mixed_role_strongest_baseline_accuracy"] = m.strongestAccuracy.map(JSON.double) ?? .null
          }
        }
        if passAtK {
          o["pass@k"] = .object(JSONObject(pairs: Estimators.passKValues(upTo: samples).map { k in
            ("\(k)", JSON.double(perQuestion.reduce(0.0) { $0 + Estimators.passAtK(n: samples, c: $1, k: k) } / Double(max(1, perQuestion.count))))
          }))
        }
        out[d] = .object(o)
      }
      return JSONObject(["eval": .object(out)])
    }
  }

  /// `results.json`: the config, the preset and every cell record.
  func writeResults() throws {
    var o = JSONObject()
    o["preset"] = .string(preset)
    o["config"] = try JSON(encoding: config)
    o["cells"] = .array(cells.map { .object($0.json) })
    try JSON.object(o).write(file: folder + "/results.json", pretty: false)  // one line: ~50 KB for the quick preset, 3x that pretty
  }
}
