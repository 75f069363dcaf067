// AVX-512 GEMV for decode (M = 1..8 rows): out (M, OC) = x (M, IC) · w (OC, IC)^T, w fp32 or 16-bit.
// 16-bit weights stay 16-bit in memory and widen in registers (bf16: shift/mask of 32-bit words, x in
// pair order; f16: vcvtph2ps); x stays fp32 (no vdpbf16ps, which would round x to bf16). A tile of R
// weight rows x M x rows keeps R*M zmm accumulators; each weight vector is widened once per tile and
// used by all M x rows.
// Order: every output owns one accumulator, fed block by block in increasing k (16 weights, lane j
// taking weight j; bf16: 32 weights, lane j taking weights 2j then 2j+1; the last block masked), then
// reduced in a fixed tree (reduce16) and + bias. Tiling, M and the column range never change that
// order, so a row's result does not depend on its batch or on the thread split.
// Only this file is compiled for AVX-512 (per-function target attribute), so the target builds for any
// x86_64; on other architectures it is empty.
#include "ckernels.h"

#include <stdlib.h>

long ck_x_stride(int fmt, long IC) { return fmt == CK_BF16 ? (IC + 31) / 32 * 32 : IC; }

#if defined(__x86_64__)
#include <immintrin.h>

#define CK_TARGET __attribute__((target("avx512f,avx512bw,avx512vl,f16c")))
#define CK_INLINE static inline __attribute__((always_inline)) CK_TARGET

// Bytes per weight of each format.
#define ELEM(fmt) ((fmt) == CK_F32 ? 4 : 2)
// Weights per block of the k loop: bf16 takes 32 (16 words of two), the others 16.
#define BLOCK(fmt) ((fmt) == CK_BF16 ? 32 : 16)

// One block of weights at element i of w as fp32, in `wv[0]` (and `wv[1]` for bf16). bf16: the 16
// words of 32 weights; even weights are word << 16, odd ones word & 0xFFFF0000, already fp32 bit
// patterns (no shuffle: vpmovzxwd cost a shuffle per 16 weights and capped one row at ~55 GB/s from
// L2), matched by x in pair order. `n` < BLOCK: only the first n weights are read, the rest are 0.
CK_INLINE void load_block(int fmt, const char *w, long i, long n, __m512 wv[2]) {
  const int full = n >= BLOCK(fmt);
  if (fmt == CK_F32) {
    const float *p = (const float *)w + i;
    wv[0] = full ? _mm512_loadu_ps(p) : _mm512_maskz_loadu_ps((__mmask16)((1u << n) - 1), p);
  } else if (fmt == CK_F16) {
    const uint16_t *p = (const uint16_t *)w + i;
    wv[0] = _mm512_cvtph_ps(full ? _mm256_loadu_si256((const __m256i *)p)
                                 : _mm256_maskz_loadu_epi16((__mmask16)((1u << n) - 1), p));
  } else {
    const uint16_t *p = (const uint16_t *)w + i;
    __m512i u = full ? _mm512_loadu_si512(p) : _mm512_maskz_loadu_epi16((__mmask32)((1u << n) - 1), p);
    wv[0] = _mm512_castsi512_ps(_mm512_slli_epi32(u, 16));
    wv[1] = _mm512_castsi512_ps(_mm512_and_si512(u, _mm512_set1_epi32((int)0xFFFF0000u)));
  }
}

// Lane sums of 16 vectors at once, lane 4k + j holding the sum of v[4j + k]. Each sum pairs lanes
// i + (i+8), then + (i+4), + (i+2), + (i+1), whichever slot its vector takes: 15 adds and 30 shuffles
// instead of 16 separate 4-step reductions, which cost as much as the FMAs at IC = 128.
CK_INLINE __m512 reduce16(const __m512 v[16]) {
  __m512 a[8], b[4], c[2];
  for (int i = 0; i < 8; i++)  // 256-bit halves: [v0 q0+q2, v0 q1+q3, v1 q0+q2, v1 q1+q3]
    a[i] = _mm512_add_ps(_mm512_shuffle_f32x4(v[2 * i], v[2 * i + 1], 0x44),
                         _mm512_shuffle_f32x4(v[2 * i], v[2 * i + 1], 0xEE));
  for (int i = 0; i < 4; i++)  // 128-bit quarters: quad k = vector 4i + k, 4 partial lanes each
    b[i] = _mm512_add_ps(_mm512_shuffle_f32x4(a[2 * i], a[2 * i + 1], 0x88),
                         _mm512_shuffle_f32x4(a[2 * i], a[2 * i + 1], 0xDD));
  for (int i = 0; i < 2; i++)  // lanes i + (i+2) within each quad
    c[i] = _mm512_add_ps(_mm512_shuffle_ps(b[2 * i], b[2 * i + 1], _MM_SHUFFLE(1, 0, 1, 0)),
                         _mm512_shuffle_ps(b[2 * i], b[2 * i + 1], _MM_SHUFFLE(3, 2, 3, 2)));
  return _mm512_add_ps(_mm512_shuffle_ps(c[0], c[1], _MM_SHUFFLE(2, 0, 2, 0)),  // lanes 0 + 1
                       _mm512_shuffle_ps(c[0], c[1], _MM_SHUFFLE(3, 1, 3, 1)));
}

// out[m, o + r] = lane sum of acc[r][m] (+ bias[o + r]) for the tile's R*M outputs, 16 at a time. A
// short last group repeats its own vectors in order (their sums are dropped), so with 8 or 4 real ones
// the compiler merges the repeated half of the tree.
CK_INLINE void store_sums(int R, int M, __m512 acc[8][8], float *out, const float *bias, long OC, long o) {
  const int n = R * M;
#pragma GCC unroll 4  // fully: every index below must be a constant
  for (int g = 0; g < n; g += 16) {
    __m512 v[16];
#pragma GCC unroll 16
    for (int j = 0; j < 16; j++) {
      int i = g + j < n ? g + j : g + j % (n - g);
      v[j] = acc[i / M][i % M];
    }
    float s[16];
    _mm512_storeu_ps(s, reduce16(v));
    const int real = n - g < 16 ? n - g : 16;
#pragma GCC unroll 16
    for (int j = 0; j < real; j++) {
      int r = (g + j) / M, m = (g + j) % M;
      float t = s[(j % 4) * 4 + j / 4];
      out[m * OC + o + r] = bias ? t + bias[o + r] : t;
    }
  }
}

// Weights are prefetched into L2 about this many bytes ahead (whole tiles ahead: the tile `ahead`
// tiles on is fetched in step with this one). Decode reads each matrix once per step from DRAM; without
// prefetch one core streamed ~9 GB/s at M = 1 and reached 40% of its in-cache speed at M = 8, with it
// 21 GB/s and ~95% (Zen 4, prefetcht1; prefetcht0 or nta were slower).
#define PREFETCH_BYTES 16384

// acc[r][m] += weights [k, k + n) of row r (rows `row` bytes apart from wr) · the same of x row m.
// n < BLOCK only for the last block.
CK_INLINE void block(int fmt, int R, int M, __m512 acc[8][8], const float *x, long XS, const char *wr,
                     long row, long k, long n) {
  __m512 wv[8][2];
  for (int r = 0; r < R; r++) load_block(fmt, wr + r * row, k, n, wv[r]);
  for (int m = 0; m < M; m++)
    for (int s = 0; s < BLOCK(fmt) / 16; s++) {
      const float *xp = x + m * XS + k + 16 * s;  // bf16: pair order, zero-padded, always whole
      __m512 xv = fmt == CK_BF16 || n >= 16 ? _mm512_loadu_ps(xp)
                                            : _mm512_maskz_loadu_ps((__mmask16)((1u << n) - 1), xp);
      for (int r = 0; r < R; r++) acc[r][m] = _mm512_fmadd_ps(wv[r][s], xv, acc[r][m]);
    }
}

// Columns [o, o + R) for all M x rows; x rows XS floats apart (bf16: in pair order, zero-padded to
// XS). R and M are compile-time constants at every call site, so the loops unroll and acc stays in
// registers. `ahead`: prefetch distance in tiles (see PREFETCH_BYTES).
CK_INLINE void tile(int fmt, int R, int M, float *out, const float *x, long XS, const char *w,
                    const float *bias, long IC, long OC, long o, long ahead) {
  __m512 acc[8][8];  // [r][m], r < R, m < M: constant indices after unrolling, so registers
  for (int r = 0; r < R; r++)
    for (int m = 0; m < M; m++) acc[r][m] = _mm512_setzero_ps();
  const long E = ELEM(fmt), row = IC * E;  // bytes per weight, per weight row
  const char *wr = w + o * row;
  // The tile `ahead` tiles on, while it lies in w (else this tile again: no stray reads).
  const char *pf = o + (ahead + 1) * R <= OC ? wr + ahead * R * row : wr;
  long k = 0;
  for (; k + BLOCK(fmt) <= IC; k += BLOCK(fmt)) {
    // One prefetch per 32 bytes, so twice per line for bf16/f32 blocks: the second catches lines whose
    // first prefetch was dropped (DRAM-bound single row: +5-15% over once per line).
    for (int r = 0; r < R; r++)
      for (long b = 0; b < BLOCK(fmt) * E; b += 32) _mm_prefetch(pf + r * row + k * E + b, _MM_HINT_T1);
    block(fmt, R, M, acc, x, XS, wr, row, k, BLOCK(fmt));
  }
  if (k < IC) block(fmt, R, M, acc, x, XS, wr, row, k, IC - k);  // partial: masked loads, adds 0
  store_sums(R, M, acc, out, bias, OC, o);
}

// Weight rows per tile for M x rows: as many as the 32 zmm registers hold (R*M + R + 1 <= 32),
// at most 8 (more rows add streams without more reuse).
#define ROWS_FOR(M) ((M) == 1 ? 8 : (M) == 2 ? 6 : (M) <= 4 ? 4 : (M) <= 6 ? 4 : 3)

CK_INLINE void columns(int fmt, int M, float *out, const float *x, const char *w, const float *bias,
                       long IC, long OC, long o0, long o1) {
  const int R = ROWS_FOR(M);
  const long XS = ck_x_stride(fmt, IC);
  const long tileBytes = R * IC * ELEM(fmt), ahead = (PREFETCH_BYTES + tileBytes - 1) / tileBytes;
  long o = o0;
  for (; o + R <= o1; o += R) tile(fmt, R, M, out, x, XS, w, bias, IC, OC, o, ahead);
  for (; o < o1; o++) tile(fmt, 1, M, out, x, XS, w, bias, IC, OC, o, ahead * R);  // same distance in bytes
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

// Even elements of each 32-block, then odd ones: two vpermt2ps per block; the partial last block
// reads only [k, IC) and zero-fills the rest.
CK_TARGET void ck_bf16_pairs(float *xd, const float *x, long M, long IC) {
  if (!ck_gemv_avx512_available() || M < 0 || IC < 1) abort();
  const long XS = ck_x_stride(CK_BF16, IC);
  const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
  for (long m = 0; m < M; m++) {
    const float *s = x + m * IC;
    float *d = xd + m * XS;
    for (long k = 0; k < IC; k += 32) {
      long n = IC - k;
      __mmask16 lo = n >= 16 ? 0xFFFF : (__mmask16)((1u << n) - 1);
      __mmask16 hi = n >= 32 ? 0xFFFF : n <= 16 ? 0 : (__mmask16)((1u << (n - 16)) - 1);
      __m512 a = _mm512_maskz_loadu_ps(lo, s + k), b = _mm512_maskz_loadu_ps(hi, s + k + 16);
      _mm512_storeu_ps(d + k, _mm512_permutex2var_ps(a, even, b));
      _mm512_storeu_ps(d + k + 16, _mm512_permutex2var_ps(a, odd, b));
    }
  }
}

void ck_gemv_avx512(float *out, const float *x, const void *w, const float *bias, int fmt,
                    long M, long IC, long OC, long o0, long o1) {
  if (!ck_gemv_avx512_available() || fmt < CK_BF16 || fmt > CK_F32 || M < 1 || M > 8 || IC < 1 ||
      o0 < 0 || o0 > o1 || o1 > OC)
    abort();  // a caller bug: Swift checks all of this before calling
  variants[fmt][M - 1](out, x, (const char *)w, bias, IC, OC, o0, o1);
}

#else

void ck_bf16_pairs(float *xd, const float *x, long M, long IC) {
  (void)xd, (void)x, (void)M, (void)IC;
  abort();  // ck_gemv_avx512_available() is 0 here
}

void ck_gemv_avx512(float *out, const float *x, const void *w, const float *bias, int fmt,
                    long M, long IC, long OC, long o0, long o1) {
  (void)out, (void)x, (void)w, (void)bias, (void)fmt, (void)M, (void)IC, (void)OC, (void)o0, (void)o1;
  abort();  // ck_gemv_avx512_available() is 0 here
}

#endif
