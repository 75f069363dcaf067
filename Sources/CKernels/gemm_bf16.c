// bf16 GEMM with fp32 accumulation (AVX512_BF16 vdpbf16ps): c (M, N) [+]= op(a) (M, K) · op(b) (K, N),
// a, b and c fp32 in memory; a and b are rounded to bf16 (round to nearest even, as vcvtneps2bf16:
// denormals flush to zero) while they are packed, products are summed in fp32.
//
// Layout. vdpbf16ps takes 32-bit lanes holding two bf16 (k even in the low half, k + 1 in the high half)
// and adds a.lo*b.lo + a.hi*b.hi into each fp32 lane. So both operands are packed as k-pairs:
//   B: column panels of NR = 64 columns, each [kp][64] 32-bit pairs over the whole of K (K odd: the
//      last pair's high half is 0; columns past N are 0). ck_bf16_pack_b, once per product, in parallel
//      over panels by the caller.
//   A: per block of up to MC rows x KC k (KCP = KC/2 pairs), either row-major pairs (a not transposed:
//      pairs along a row, one vcvtne2ps2bf16 per 32 k) or pair-major (a transposed: row k and k + 1
//      interleaved per 16 rows).
// Micro-kernel: 6 rows x 64 columns = 24 zmm accumulators; per k-pair 4 zmm loads of B, 6 broadcasts
// of A, 24 vdpbf16ps. Loop order per row block and K block: for each 64-column panel (its KCP x 64
// pairs, 32 KiB, stay in L1) for each 6-row strip of the packed A block (in L2).
// Order: an output's sum is the k-pairs of each K block in increasing order (lane-wise in one fp32
// accumulator), each block's partial then added to c in increasing block order (the first block
// stored, unless accumulating). Row and column ranges never change it, so the bytes do not depend on
// the thread split.
#include "ckernels.h"

#include <stdlib.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#include <stdatomic.h>

#define BF_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,avx512dq,avx512bf16")))
#define BF_INLINE static inline __attribute__((always_inline)) BF_TARGET

// avx512f/bw/vl with zmm state enabled (dispatch.c's check) and AVX512_BF16: CPUID leaf 7 sub-leaf 1,
// EAX bit 5.
static int probe_bf16(void) {
  if (!ck_gemv_avx512_available()) return 0;
  unsigned a, b, c, d;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d) || a < 1) return 0;
  if (!__get_cpuid_count(7, 1, &a, &b, &c, &d)) return 0;
  return (a >> 5) & 1;
}

int ck_bf16_gemm_available(void) {
  static _Atomic int cached = 0;  // 0 = not probed, 1 = no, 2 = yes
  int v = atomic_load_explicit(&cached, memory_order_relaxed);
  if (v == 0) {
    v = probe_bf16() ? 2 : 1;
    atomic_store_explicit(&cached, v, memory_order_relaxed);
  }
  return v == 2;
}

// 16 pairs (lo = x[i], hi = y[i]) of 16 floats each, rounded to bf16.
BF_INLINE __m512i pair16(__m512 x, __m512 y) {
  __m512i lo = _mm512_cvtepu16_epi32((__m256i)_mm512_cvtneps_pbh(x));
  __m512i hi = _mm512_cvtepu16_epi32((__m256i)_mm512_cvtneps_pbh(y));
  return _mm512_or_si512(lo, _mm512_slli_epi32(hi, 16));
}

BF_INLINE __m512 load_n(const float *p, long n) {
  return n >= 16 ? _mm512_loadu_ps(p) : _mm512_maskz_loadu_ps((__mmask16)((1u << n) - 1), p);
}

/* Packs `width` columns (a multiple of 16) of two rows r0, r1 into bf16 pairs at d; columns past
   `valid` and the second row when `odd` (K odd, last pair) are zero. */
BF_INLINE void pack_row_pair(uint32_t *d, const float *r0, const float *r1, int odd, long width, long valid) {
  for (long j = 0; j < width; j += 16) {
    long n = valid - j;
    if (n <= 0) { _mm512_storeu_si512(d + j, _mm512_setzero_si512()); continue; }
    __m512 x = load_n(r0 + j, n), y = odd ? _mm512_setzero_ps() : load_n(r1 + j, n);
    _mm512_storeu_si512(d + j, pair16(x, y));
  }
}

BF_INLINE void pack_b_panel(uint32_t *dst, const float *b, long ldb, int transB, long K, long N, long j0) {
  const long KP = (K + 1) / 2, nc = N - j0 < CK_BF16_NR ? N - j0 : CK_BF16_NR;
  if (!transB) {  // b (K, N) row-major: pair (b[2kp][j], b[2kp+1][j]), 16 columns per vector
    for (long kp = 0; kp < KP; kp++) {
      const float *r0 = b + (2 * kp) * ldb + j0, *r1 = r0 + ldb;
      const int odd = 2 * kp + 1 >= K;
      pack_row_pair(dst + kp * CK_BF16_NR, r0, r1, odd, CK_BF16_NR, nc);
    }
  } else {  // b^T stored (N, K): column j is a row of b; pairs run along it
    uint32_t tmp[16];
    for (long j = 0; j < CK_BF16_NR; j++) {
      if (j >= nc) {
        for (long kp = 0; kp < KP; kp++) dst[kp * CK_BF16_NR + j] = 0;
        continue;
      }
      const float *row = b + (j0 + j) * ldb;
      for (long k = 0; k < K; k += 32) {
        long n = K - k;
        __m512 lo = load_n(row + k, n), hi = n > 16 ? load_n(row + k + 16, n - 16) : _mm512_setzero_ps();
        _mm512_storeu_si512(tmp, (__m512i)_mm512_cvtne2ps_pbh(hi, lo));
        long np = (n + 1) / 2 < 16 ? (n + 1) / 2 : 16;
        for (long q = 0; q < np; q++) dst[(k / 2 + q) * CK_BF16_NR + j] = tmp[q];
      }
    }
  }
}

BF_TARGET
void ck_bf16_pack_b(uint32_t *bp, const float *b, long ldb, int transB, long K, long N, long p0, long p1) {
  const long KP = (K + 1) / 2;
  for (long p = p0; p < p1; p++) pack_b_panel(bp + p * KP * CK_BF16_NR, b, ldb, transB, K, N, p * CK_BF16_NR);
}

// Packs rows [m0, m0 + mc) x pairs [kp0, kp0 + kpc) of op(a) into ap. Not transposed: row-major,
// row i at ap + i * kpc. Transposed: pair-major, pair q at ap + q * mcp (mcp = mc rounded up to 16).
BF_INLINE void pack_a(uint32_t *ap, const float *a, long lda, int transA, long K, long m0, long mc,
                      long kp0, long kpc, long mcp) {
  const long k0 = 2 * kp0, kc = (2 * (kp0 + kpc) < K ? 2 * (kp0 + kpc) : K) - k0;
  if (!transA) {
    for (long i = 0; i < mc; i++) {
      const float *row = a + (m0 + i) * lda + k0;
      uint32_t *d = ap + i * kpc;
      for (long k = 0; k < 2 * kpc; k += 32) {
        long n = kc - k;
        __m512 lo = n > 0 ? load_n(row + k, n) : _mm512_setzero_ps();
        __m512 hi = n > 16 ? load_n(row + k + 16, n - 16) : _mm512_setzero_ps();
        __m512i v = (__m512i)_mm512_cvtne2ps_pbh(hi, lo);
        long np = kpc - k / 2;
        if (np >= 16) _mm512_storeu_si512(d + k / 2, v);
        else _mm512_mask_storeu_epi32(d + k / 2, (__mmask16)((1u << np) - 1), v);
      }
    }
  } else {  // op(a)[m][k] = a[k][m]: rows 2q and 2q + 1 of a, 16 columns per vector
    for (long q = 0; q < kpc; q++) {
      const long k = k0 + 2 * q;
      const float *r0 = a + k * lda + m0, *r1 = r0 + lda;
      const int odd = k + 1 >= K;
      pack_row_pair(ap + q * mcp, r0, r1, odd, mcp, mc);
    }
  }
}

#define MR 6
#define NV 4  // zmm vectors of 16 columns per micro-tile: NR = 64

// c (mr x nc) [+]= a strip (MR rows: row r's pair q at a + r * rs + q * ks) · b panel slice ([kpc][64]).
BF_INLINE void micro(long kpc, const uint32_t *a, long rs, long ks, const uint32_t *b, float *c, long ldc,
                     int mr, long nc, int add) {
  __m512 acc[MR][NV];
#pragma GCC unroll 6
  for (int r = 0; r < MR; r++)
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) acc[r][v] = _mm512_setzero_ps();
  const uint32_t *a0 = a, *a1 = a + rs, *a2 = a + 2 * rs, *a3 = a + 3 * rs, *a4 = a + 4 * rs, *a5 = a + 5 * rs;
  for (long q = 0; q < kpc; q++) {
    __m512bh b0 = (__m512bh)_mm512_loadu_si512(b), b1 = (__m512bh)_mm512_loadu_si512(b + 16);
    __m512bh b2 = (__m512bh)_mm512_loadu_si512(b + 32), b3 = (__m512bh)_mm512_loadu_si512(b + 48);
    b += CK_BF16_NR;
#define ROW(r, ar)                                                      \
  {                                                                     \
    __m512bh av = (__m512bh)_mm512_set1_epi32((int)*(ar));              \
    acc[r][0] = _mm512_dpbf16_ps(acc[r][0], av, b0);                    \
    acc[r][1] = _mm512_dpbf16_ps(acc[r][1], av, b1);                    \
    acc[r][2] = _mm512_dpbf16_ps(acc[r][2], av, b2);                    \
    acc[r][3] = _mm512_dpbf16_ps(acc[r][3], av, b3);                    \
  }
    ROW(0, a0) ROW(1, a1) ROW(2, a2) ROW(3, a3) ROW(4, a4) ROW(5, a5)
#undef ROW
    a0 += ks; a1 += ks; a2 += ks; a3 += ks; a4 += ks; a5 += ks;
  }
  if (mr == MR && nc >= CK_BF16_NR) {
#pragma GCC unroll 6
    for (int r = 0; r < MR; r++)
#pragma GCC unroll 4
      for (int v = 0; v < NV; v++) {
        float *p = c + r * ldc + 16 * v;
        _mm512_storeu_ps(p, add ? _mm512_add_ps(_mm512_loadu_ps(p), acc[r][v]) : acc[r][v]);
      }
    return;
  }
#pragma GCC unroll 6
  for (int r = 0; r < MR; r++) {
    if (r >= mr) break;
#pragma GCC unroll 4
    for (int v = 0; v < NV; v++) {
      long n = nc - 16 * v;
      if (n <= 0) break;
      __mmask16 m = n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << n) - 1);
      float *p = c + r * ldc + 16 * v;
      __m512 s = add ? _mm512_add_ps(_mm512_maskz_loadu_ps(m, p), acc[r][v]) : acc[r][v];
      _mm512_mask_storeu_ps(p, m, s);
    }
  }
}

BF_TARGET
void ck_bf16_gemm_rows(float *c, long ldc, const float *a, long lda, int transA, const uint32_t *bp,
                       long M, long N, long K, long m0, long m1, int accumulate, uint32_t *scratch) {
  (void)M;
  const long KP = (K + 1) / 2, panels = (N + CK_BF16_NR - 1) / CK_BF16_NR;
  for (long mb = m0; mb < m1; mb += CK_BF16_MC) {
    const long mc = m1 - mb < CK_BF16_MC ? m1 - mb : CK_BF16_MC;
    const long mcp = (mc + 15) / 16 * 16;
    for (long kp0 = 0; kp0 < KP; kp0 += CK_BF16_KCP) {
      const long kpc = KP - kp0 < CK_BF16_KCP ? KP - kp0 : CK_BF16_KCP;
      pack_a(scratch, a, lda, transA, K, mb, mc, kp0, kpc, mcp);
      const long rs = transA ? 1 : kpc, ks = transA ? mcp : 1;
      const int add = accumulate || kp0 > 0;
      for (long p = 0; p < panels; p++) {
        const uint32_t *bs = bp + p * KP * CK_BF16_NR + kp0 * CK_BF16_NR;
        const long nc = N - p * CK_BF16_NR;
        for (long i = 0; i < mc; i += MR) {
          // A short last strip reads rows past mc: row-major they are within the block's next rows or
          // the scratch's spare rows (CK_BF16_MC + MR rows allocated), pair-major within mcp (zeroed).
          const int mr = mc - i < MR ? (int)(mc - i) : MR;
          micro(kpc, scratch + i * rs, rs, ks, bs, c + (mb + i) * ldc + p * CK_BF16_NR, ldc, mr, nc, add);
        }
      }
    }
  }
}

#else

int ck_bf16_gemm_available(void) { return 0; }
void ck_bf16_pack_b(uint32_t *bp, const float *b, long ldb, int transB, long K, long N, long p0, long p1) {
  (void)bp; (void)b; (void)ldb; (void)transB; (void)K; (void)N; (void)p0; (void)p1; abort();
}
void ck_bf16_gemm_rows(float *c, long ldc, const float *a, long lda, int transA, const uint32_t *bp,
                       long M, long N, long K, long m0, long m1, int accumulate, uint32_t *scratch) {
  (void)c; (void)ldc; (void)a; (void)lda; (void)transA; (void)bp; (void)M; (void)N; (void)K; (void)m0; (void)m1;
  (void)accumulate; (void)scratch; abort();
}

#endif
