// AVX-512 mixed-precision GEMV for decode (M = 1..8 rows): out (M, OC) = x (M, IC) · w (OC, IC)^T.
// Weights stay 16-bit in memory and widen in registers (bf16: zero-extend, shift left 16; f16:
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

// 16 weights at p widened to fp32; `mask` selects the lanes read (the rest are 0).
CK_INLINE __m512 widen16(int fmt, const uint16_t *p, __mmask16 mask, int full) {
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
CK_INLINE void tile(int fmt, int R, int M, float *out, const float *x, const uint16_t *w, const float *bias,
                    long IC, long OC, long o) {
  __m512 acc[8][8];  // [r][m], r < R, m < M: constant indices after unrolling, so registers
  for (int r = 0; r < R; r++)
    for (int m = 0; m < M; m++) acc[r][m] = _mm512_setzero_ps();
  const uint16_t *wr = w + o * IC;
  // The tile `ahead` tiles on, while it lies in w (else this tile again: no stray reads).
  long ahead = (PREFETCH_BYTES / 2 + R * IC - 1) / (R * IC);
  const uint16_t *pf = o + (ahead + 1) * R <= OC ? wr + ahead * R * IC : wr;
  long k = 0;
  for (; k + 16 <= IC; k += 16) {
    __m512 wv[8];
    for (int r = 0; r < R; r++) wv[r] = widen16(fmt, wr + r * IC + k, 0xFFFF, 1);
    for (int r = 0; r < R; r++) _mm_prefetch((const char *)(pf + r * IC + k), _MM_HINT_T1);
    for (int m = 0; m < M; m++) {
      __m512 xv = _mm512_loadu_ps(x + m * IC + k);
      for (int r = 0; r < R; r++) acc[r][m] = _mm512_fmadd_ps(wv[r], xv, acc[r][m]);
    }
  }
  if (k < IC) {  // last partial block: masked loads read only [k, IC); masked-off lanes add 0
    __mmask16 mask = (__mmask16)((1u << (IC - k)) - 1);
    __m512 wv[8];
    for (int r = 0; r < R; r++) wv[r] = widen16(fmt, wr + r * IC + k, mask, 0);
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

CK_INLINE void columns(int fmt, int M, float *out, const float *x, const uint16_t *w, const float *bias,
                       long IC, long OC, long o0, long o1) {
  const int R = ROWS_FOR(M);
  long o = o0;
  for (; o + R <= o1; o += R) tile(fmt, R, M, out, x, w, bias, IC, OC, o);
  for (; o < o1; o++) tile(fmt, 1, M, out, x, w, bias, IC, OC, o);
}

// One non-inlined function per (format, M): the constant M lets `tile` fully unroll.
#define CK_VARIANT(NAME, FMT, M)                                                                        \
  __attribute__((noinline)) CK_TARGET static void NAME(float *out, const float *x, const uint16_t *w,   \
                                                       const float *bias, long IC, long OC, long o0,   \
                                                       long o1) {                                      \
    columns(FMT, M, out, x, w, bias, IC, OC, o0, o1);                                                  \
  }
CK_VARIANT(bf16_1, CK_BF16, 1)
CK_VARIANT(bf16_2, CK_BF16, 2)
CK_VARIANT(bf16_3, CK_BF16, 3)
CK_VARIANT(bf16_4, CK_BF16, 4)
CK_VARIANT(bf16_5, CK_BF16, 5)
CK_VARIANT(bf16_6, CK_BF16, 6)
CK_VARIANT(bf16_7, CK_BF16, 7)
CK_VARIANT(bf16_8, CK_BF16, 8)
CK_VARIANT(f16_1, CK_F16, 1)
CK_VARIANT(f16_2, CK_F16, 2)
CK_VARIANT(f16_3, CK_F16, 3)
CK_VARIANT(f16_4, CK_F16, 4)
CK_VARIANT(f16_5, CK_F16, 5)
CK_VARIANT(f16_6, CK_F16, 6)
CK_VARIANT(f16_7, CK_F16, 7)
CK_VARIANT(f16_8, CK_F16, 8)

typedef void (*variant_fn)(float *, const float *, const uint16_t *, const float *, long, long, long, long);
static const variant_fn variants[2][8] = {
  {bf16_1, bf16_2, bf16_3, bf16_4, bf16_5, bf16_6, bf16_7, bf16_8},
  {f16_1, f16_2, f16_3, f16_4, f16_5, f16_6, f16_7, f16_8},
};

void ck_gemv_half_avx512(float *out, const float *x, const uint16_t *w, const float *bias, int fmt,
                         long M, long IC, long OC, long o0, long o1) {
  if (!ck_gemv_avx512_available() || (fmt != CK_BF16 && fmt != CK_F16) || M < 1 || M > 8 || IC < 1 ||
      o0 < 0 || o0 > o1 || o1 > OC)
    abort();  // a caller bug: Swift checks all of this before calling
  variants[fmt][M - 1](out, x, w, bias, IC, OC, o0, o1);
}

#else

void ck_gemv_half_avx512(float *out, const float *x, const uint16_t *w, const float *bias, int fmt,
                         long M, long IC, long OC, long o0, long o1) {
  (void)out, (void)x, (void)w, (void)bias, (void)fmt, (void)M, (void)IC, (void)OC, (void)o0, (void)o1;
  abort();  // ck_gemv_avx512_available() is 0 here
}

#endif
