// AVX-512 GEMV for decode (M = 1..8 rows): out (M, OC) = x (M, IC) · w (OC, IC)^T, w fp32 or 16-bit.
// 16-bit weights stay 16-bit in memory and widen in registers (bf16: zero-extend, shift left 16; f16:
// vcvtph2ps); x stays fp32 (no vdpbf16ps, which would round x to bf16). A tile of R weight rows x M
// x rows keeps R*M zmm accumulators (R*M + R + 1 <= 32 registers); each weight vector is widened once
// per tile and used by all M x rows.
// Order: every output owns one accumulator, fed 16 lanes at a time in increasing k (the last partial
// block masked), then reduced by _mm512_reduce_add_ps and + bias. Tiling, M and the column range never
// change that order, so a row's result does not depend on its batch or on the thread split.
// Only this file is compiled for AVX-512 (per-function target attribute), so the target builds for any
// x86_64; on other architectures it is empty.
#include "ckernels.h"

#include <stdlib.h>

#if defined(__x86_64__)
#include <immintrin.h>

#define CK_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,f16c")))
#define CK_INLINE static inline __attribute__((always_inline)) CK_TARGET

// Bytes per weight of each format.
#define ELEM(fmt) ((fmt) == CK_F32 ? 4 : 2)

// The 16 weights at element i of w as fp32; `mask` selects the lanes read (the rest are 0).
CK_INLINE __m512 load16(int fmt, const char *w, long i, __mmask16 mask, int full) {
  if (fmt == CK_F32) {
    const float *p = (const float *)w + i;
    return full ? _mm512_loadu_ps(p) : _mm512_maskz_loadu_ps(mask, p);
  }
  const uint16_t *p = (const uint16_t *)w + i;
  __m256i h = full ? _mm256_loadu_si256((const __m256i *)p) : _mm256_maskz_loadu_epi16(mask, p);
  if (fmt == CK_BF16) return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
  return _mm512_cvtph_ps(h);
}

// Weights are prefetched into L2 about this many bytes ahead (whole tiles ahead: the tile `ahead`
// tiles on is fetched in step with this one). Decode reads each matrix once per step from DRAM; without
// prefetch one core streamed ~9 GB/s at M = 1 and reached 40% of its in-cache speed at M = 8, with it
// 21 GB/s and ~95% (Zen 4, prefetcht1; prefetcht0 or nta were slower).
#define PREFETCH_BYTES 16384

// Columns [o, o + R) for all M x rows. R and M are compile-time constants at every call site, so the
// loops unroll and acc stays in registers.
CK_INLINE void tile(int fmt, int R, int M, float *out, const float *x, const char *w, const float *bias,
                    long IC, long OC, long o) {
  __m512 acc[8][8];  // [r][m], r < R, m < M: constant indices after unrolling, so registers
  for (int r = 0; r < R; r++)
    for (int m = 0; m < M; m++) acc[r][m] = _mm512_setzero_ps();
  const long E = ELEM(fmt), row = IC * E;  // bytes per weight, per weight row
  const char *wr = w + o * row;
  // The tile `ahead` tiles on, while it lies in w (else this tile again: no stray reads).
  long ahead = (PREFETCH_BYTES + R * row - 1) / (R * row);
  const char *pf = o + (ahead + 1) * R <= OC ? wr + ahead * R * row : wr;
  long k = 0;
  for (; k + 16 <= IC; k += 16) {
    __m512 wv[8];
    for (int r = 0; r < R; r++) wv[r] = load16(fmt, wr + r * row, k, 0xFFFF, 1);
    for (int r = 0; r < R; r++) {  // 32 (16-bit) or 64 (fp32) bytes per row: one line, or two halves
      _mm_prefetch(pf + r * row + k * E, _MM_HINT_T1);
    }
    for (int m = 0; m < M; m++) {
      __m512 xv = _mm512_loadu_ps(x + m * IC + k);
      for (int r = 0; r < R; r++) acc[r][m] = _mm512_fmadd_ps(wv[r], xv, acc[r][m]);
    }
  }
  if (k < IC) {  // last partial block: masked loads read only [k, IC); masked-off lanes add 0
    __mmask16 mask = (__mmask16)((1u << (IC - k)) - 1);
    __m512 wv[8];
    for (int r = 0; r < R; r++) wv[r] = load16(fmt, wr + r * row, k, mask, 0);
    for (int m = 0; m < M; m++) {
      __m512 xv = _mm512_maskz_loadu_ps(mask, x + m * IC + k);
      for (int r = 0; r < R; r++) acc[r][m] = _mm512_fmadd_ps(wv[r], xv, acc[r][m]);
    }
  }
  for (int m = 0; m < M; m++)
    for (int r = 0; r < R; r++) {
      float s = _mm512_reduce_add_ps(acc[r][m]);
      out[m * OC + o + r] = bias ? s + bias[o + r] : s;
    }
}

// Weight rows per tile for M x rows: as many as the 32 zmm registers hold (R*M + R + 1 <= 32),
// at most 8 (more rows add streams without more reuse).
#define ROWS_FOR(M) ((M) == 1 ? 8 : (M) == 2 ? 6 : (M) <= 4 ? 4 : (M) <= 6 ? 4 : 3)

CK_INLINE void columns(int fmt, int M, float *out, const float *x, const char *w, const float *bias,
                       long IC, long OC, long o0, long o1) {
  const int R = ROWS_FOR(M);
  long o = o0;
  for (; o + R <= o1; o += R) tile(fmt, R, M, out, x, w, bias, IC, OC, o);
  for (; o < o1; o++) tile(fmt, 1, M, out, x, w, bias, IC, OC, o);
}

// One non-inlined function per (format, M): the constants let `tile` fully unroll.
#define CK_VARIANT(NAME, FMT, M)                                                                            \
  __attribute__((noinline)) CK_TARGET static void NAME(float *out, const float *x, const char *w,           \
                                                       const float *bias, long IC, long OC, long o0, long o1) { \
    columns(FMT, M, out, x, w, bias, IC, OC, o0, o1);                                                      \
  }
#define CK_VARIANTS(P, FMT)                                                                                 \
  CK_VARIANT(P##_1, FMT, 1) CK_VARIANT(P##_2, FMT, 2) CK_VARIANT(P##_3, FMT, 3) CK_VARIANT(P##_4, FMT, 4)  \
  CK_VARIANT(P##_5, FMT, 5) CK_VARIANT(P##_6, FMT, 6) CK_VARIANT(P##_7, FMT, 7) CK_VARIANT(P##_8, FMT, 8)
CK_VARIANTS(bf16, CK_BF16)
CK_VARIANTS(f16, CK_F16)
CK_VARIANTS(f32, CK_F32)

typedef void (*variant_fn)(float *, const float *, const char *, const float *, long, long, long, long);
static const variant_fn variants[3][8] = {  // [fmt][M - 1]
  {bf16_1, bf16_2, bf16_3, bf16_4, bf16_5, bf16_6, bf16_7, bf16_8},
  {f16_1, f16_2, f16_3, f16_4, f16_5, f16_6, f16_7, f16_8},
  {f32_1, f32_2, f32_3, f32_4, f32_5, f32_6, f32_7, f32_8},
};

void ck_gemv_avx512(float *out, const float *x, const void *w, const float *bias, int fmt,
                    long M, long IC, long OC, long o0, long o1) {
  if (!ck_gemv_avx512_available() || fmt < CK_BF16 || fmt > CK_F32 || M < 1 || M > 8 || IC < 1 ||
      o0 < 0 || o0 > o1 || o1 > OC)
    abort();  // a caller bug: Swift checks all of this before calling
  variants[fmt][M - 1](out, x, (const char *)w, bias, IC, OC, o0, o1);
}

#else

void ck_gemv_avx512(float *out, const float *x, const void *w, const float *bias, int fmt,
                    long M, long IC, long OC, long o0, long o1) {
  (void)out, (void)x, (void)w, (void)bias, (void)fmt, (void)M, (void)IC, (void)OC, (void)o0, (void)o1;
  abort();  // ck_gemv_avx512_available() is 0 here
}

#endif
