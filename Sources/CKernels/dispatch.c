// Run-time CPU check for the AVX-512 kernels, probed once and cached.
#include "ckernels.h"

#if defined(__x86_64__)
#include <cpuid.h>
#include <stdatomic.h>

// CPUID leaf 7 sub-leaf 0, EBX: avx512f bit 16, avx512bw bit 30, avx512vl bit 31. The OS must also
// save the opmask and zmm registers (XCR0 bits 1, 2, 5, 6, 7): a kernel or hypervisor may hide them.
// 1 when CPUID leaf 1 ECX has every bit of `ecx1` and OSXSAVE, and XCR0 has every bit of `xcr0`.
static int os_saves(unsigned ecx1, unsigned xcr0) {
  unsigned a, b, c, d;
  ecx1 |= 1u << 27;  // OSXSAVE: xgetbv usable
  if (!__get_cpuid(1, &a, &b, &c, &d) || (c & ecx1) != ecx1) return 0;
  unsigned lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (lo & xcr0) == xcr0;
}

static int probe(void) {
  unsigned a, b, c, d;
  if (!os_saves(0, 0xE6)) return 0;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  const unsigned need = (1u << 16) | (1u << 30) | (1u << 31);
  return (b & need) == need;
}

int ck_gemv_avx512_available(void) {
  // 0 = not probed yet, 1 = no, 2 = yes. Racing first callers compute the same answer.
  static _Atomic int cached = 0;
  int v = atomic_load_explicit(&cached, memory_order_relaxed);
  if (v == 0) {
    v = probe() ? 2 : 1;
    atomic_store_explicit(&cached, v, memory_order_relaxed);
  }
  return v == 2;
}

int ck_avx2_fma_available(void) {
  unsigned a, b, c, d;
  if (!os_saves(1u << 12, 0x6)) return 0;  // FMA; xmm and ymm state saved
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  return (b & (1u << 5)) != 0;  // AVX2
}

#else

int ck_gemv_avx512_available(void) { return 0; }
int ck_avx2_fma_available(void) { return 0; }

#endif
