// OpenBLAS picks its kernels at load time from the CPU's model number. A CPU newer than the library's
// table (seen here: a 2-core Intel Xeon with AVX-512 and AVX512_BF16, reported as "Intel(R) Xeon(R)
// Processor") falls back to the generic "Prescott" core: SSE3 kernels, ~30 GFLOP/s fp32 GEMM where the
// SkylakeX kernels give ~215 on the same 2 cores (`warmrl bench kernels --only linear`, 2026-12-06).
// The choice is made in a library constructor before main, so the fix is to set OPENBLAS_CORETYPE from
// the CPU's features and exec the same program again, once. A user's OPENBLAS_CORETYPE is respected.
import CBLAS
import CKernels
#if canImport(Glibc)
import Glibc
#endif

public enum OpenBLASCore {
  /// The core OpenBLAS chose for this process.
  public static var name: String {
    guard let p = openblas_get_corename() else { return "unknown" }
    return String(cString: p)
  }

  /// Cores OpenBLAS falls back to when it does not know the CPU model (the generic x86-64 targets).
  static let generic: Set<String> = ["Prescott", "Core2", "Penryn", "Dunnington", "Nehalem", "Atom", "Katmai", "Coppermine",
                                     "Northwood", "Banias", "unknown"]

  /// The core type to ask for when OpenBLAS fell back to a generic core on a CPU that runs better
  /// kernels (nil: nothing to fix).
  public static func betterCoreType(chosen: String, avx512: Bool, avx2: Bool) -> String? {
    guard generic.contains(chosen) else { return nil }
    if avx512 { return "SkylakeX" }
    if avx2 { return "Haswell" }
    return nil
  }

  /// Call first thing in main: when OpenBLAS chose a generic core on an AVX2/AVX-512 CPU and the user set
  /// no OPENBLAS_CORETYPE, sets it and re-executes this program with the same arguments. Returns normally when there is nothing to do or the exec fails.
  public static func reexecIfMisdetected() {
    #if os(Linux) && arch(x86_64)
    guard getenv("OPENBLAS_CORETYPE") == nil, getenv("WARMRL_OPENBLAS_REEXEC") == nil else { return }
    guard let want = betterCoreType(chosen: name, avx512: ck_gemv_avx512_available() != 0, avx2: ck_avx2_fma_available() != 0) else { return }
    setenv("OPENBLAS_CORETYPE", want, 1)
    setenv("WARMRL_OPENBLAS_REEXEC", "1", 1)  // never loop, whatever the library does with the setting
    // Silent: commands' first stderr line is their error message (scripts and tests read it). The
    // choice shows in `warmrl bench kernels`' header and in OPENBLAS_CORETYPE of the process.
    execv("/proc/self/exe", CommandLine.unsafeArgv)
    #endif
  }
}
