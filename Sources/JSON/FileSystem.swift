// The project's one file-system layer, over libc: FS here, AtomicFile and FileBytes beside it, in the
// lowest module that does file work, so that Model, Training and the stages do all theirs through it
// (Foundation remains for math functions, threads and child processes: Kernels, the CLI, Bench).
// Folder swaps: only `Checkpointer` (Training) swaps checkpoint folders, and `Qwen2Model.writeFiles`
// writes into the folder it is given (each file atomically), so a checkpoint is renamed once, under the
// Checkpointer's completion marker; a direct `Qwen2Model.save(directory:)` (`model save`, pretrain's
// output) is atomic through `replaceDirectory`. Both swap through `swapIn`.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public enum FS {
  public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

  public static func isDirectory(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
  }

  /// `mkdir -p`.
  public static func makeDirectories(_ path: String) throws {
    var prefix = path.hasPrefix("/") ? "/" : ""
    for part in path.split(separator: "/") {
      prefix += part
      if !isDirectory(prefix) {
        if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
          throw JSONError(source: prefix, message: "cannot create folder: \(String(cString: strerror(errno)))")
        }
      }
      prefix += "/"
    }
  }

  /// Names in a folder (no `.`/`..`), sorted for determinism; empty when the folder is absent.
  public static func list(_ path: String) -> [String] {
    guard let d = opendir(path) else { return [] }
    defer { closedir(d) }
    var names: [String] = []
    while let e = readdir(d) {
      let name = withUnsafePointer(to: e.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  /// `rm -rf` of one path.
  public static func remove(_ path: String) {
    if isDirectory(path) {
      for n in list(path) { remove(path + "/" + n) }
      rmdir(path)
    } else {
      unlink(path)
    }
  }

  public static func rename(_ from: String, _ to: String) throws {
    if Glibc.rename(from, to) != 0 {
      throw JSONError(source: from, message: "rename to \(to) failed: \(String(cString: strerror(errno)))")
    }
  }

  /// fsync of a file or folder (a folder's fsync makes a rename inside it durable).
  public static func sync(_ path: String) {
    let fd = open(path, O_RDONLY)
    if fd >= 0 { fsync(fd); close(fd) }
  }

  /// Renames the complete folder `staged` to `final` and makes the rename durable. An existing `final`
  /// is moved to `aside` first (rename cannot replace a non-empty folder) and removed once replaced.
  public static func swapIn(_ staged: String, as final: String, aside: String) throws {
    if exists(final) {
      remove(aside)
      try rename(final, aside)
      try rename(staged, final)
      remove(aside)
    } else {
      try rename(staged, final)
    }
    sync(parent(of: final))
  }

  /// Replaces folder `dir` (or creates it) by what `fill` writes into a fresh `dir.tmp-PID`: a reader
  /// sees the old folder or the complete new one. On an error the temporary folder is removed.
  public static func replaceDirectory(_ dir: String, _ fill: (String) throws -> Void) throws {
    var dir = dir
    while dir.count > 1 && dir.hasSuffix("/") { dir.removeLast() }  // "ckpt/" must not put the temp inside ckpt
    let tmp = dir + ".tmp-\(getpid())"
    remove(tmp)
    do {
      try makeDirectories(tmp)
      try fill(tmp)
      try swapIn(tmp, as: dir, aside: dir + ".old-\(getpid())")
    } catch {
      remove(tmp)
      throw error
    }
  }

  /// The folder holding `path` ("." for a bare name).
  public static func parent(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    return slash == path.startIndex ? "/" : String(path[..<slash])
  }

  public static func copyFile(_ from: String, _ to: String) throws {
    let bytes = try FileBytes(path: from).bytes
    let f = try AtomicFile(path: to)
    try bytes.withUnsafeBytes { try f.write(bytes: $0) }
    try f.commit()
  }

  /// Monotonic seconds.
  public static func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
  }

  /// Wall-clock UTC time as ISO 8601 (for summaries only, never for anything deterministic).
  public static func utcTimestamp() -> String {
    var t = time(nil)
    var tmv = tm()
    gmtime_r(&t, &tmv)
    func p(_ v: Int32, _ w: Int = 2) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
    return "\(p(tmv.tm_year + 1900, 4))-\(p(tmv.tm_mon + 1))-\(p(tmv.tm_mday))T\(p(tmv.tm_hour)):\(p(tmv.tm_min)):\(p(tmv.tm_sec))Z"
  }
}
