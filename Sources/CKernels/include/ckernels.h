// CKernels: the few kernels that need instructions Swift cannot select per function (AVX-512), built
// for any x86_64 (and aarch64, where they are absent) and chosen at run time by ck_gemv_avx512_available.
#ifndef CKERNELS_H
#define CKERNELS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Weight storage formats of ck_gemv_avx512.
enum { CK_BF16 = 0, CK_F16 = 1, CK_F32 = 2 };

/// 1 when this CPU and OS run the AVX-512 kernels (avx512f + bw + vl, zmm state enabled), else 0.
/// Probed once; later calls read the cached answer.
int ck_gemv_avx512_available(void);
/// 1 when this CPU and OS run AVX2 with FMA (what OpenBLAS's Haswell kernels need), else 0.
int ck_avx2_fma_available(void);

/// Floats per x row that ck_gemv_avx512 reads for weights in `fmt`: IC, or for CK_BF16 IC rounded up
/// to a multiple of 32 (x in pair order, from ck_bf16_pairs).
long ck_x_stride(int fmt, long IC);

/// xd (M, ck_x_stride(CK_BF16, IC)) = x (M, IC) in the pair order the bf16 kernel reads: each block of
/// 32 elements as its 16 even then its 16 odd elements, the last block zero-padded.
/// Requires ck_gemv_avx512_available().
void ck_bf16_pairs(float *xd, const float *x, long M, long IC);

/// Output columns [o0, o1) of out (M, OC) = x (M, IC) · w (OC, IC)^T (+ bias (OC) when non-null), for
/// M = 1..8 rows; w row-major in `fmt` (CK_BF16, CK_F16: widened in registers; CK_F32), x/out/bias fp32,
/// fp32 accumulation. x rows are ck_x_stride(fmt, IC) floats apart; for CK_BF16 x must come from
/// ck_bf16_pairs. Each output is one 16-lane fp32 accumulation over k in a fixed order, reduced in a
/// fixed tree and then + bias: the same bytes whatever M, o0/o1 or the caller's thread split.
/// Requires ck_gemv_avx512_available() (aborts otherwise), 1 <= M <= 8, IC >= 1, 0 <= o0 <= o1 <= OC.
void ck_gemv_avx512(float *out, const float *x, const void *w, const float *bias, int fmt,
                    long M, long IC, long OC, long o0, long o1);

/// 1 when this CPU and OS run the bf16 GEMM (ck_gemv_avx512_available() and AVX512_BF16), else 0.
int ck_bf16_gemm_available(void);

/// bf16 GEMM blocking (gemm_bf16.c): B column panels of CK_BF16_NR columns; A blocks of up to
/// CK_BF16_MC rows x CK_BF16_KCP k-pairs.
enum { CK_BF16_NR = 64, CK_BF16_MC = 96, CK_BF16_KCP = 128 };

/// 32-bit words of packed B for op(b) (K, N): ceil(N / 64) panels of ceil(K / 2) x 64 pairs.
static inline long ck_bf16_packed_b_count(long K, long N) { return (N + CK_BF16_NR - 1) / CK_BF16_NR * ((K + 1) / 2) * CK_BF16_NR; }

/// 32-bit words of per-thread scratch ck_bf16_gemm_rows needs.
static inline long ck_bf16_scratch_count(void) { return (CK_BF16_MC + 16 + 8) * CK_BF16_KCP + 64; }

/// Packs column panels [p0, p1) of op(b) (K, N) into bp (ck_bf16_packed_b_count words), rounded to
/// bf16: op(b) = b (K, N) with leading dimension ldb, or b^T when transB (b stored (N, K)).
/// Requires ck_bf16_gemm_available().
void ck_bf16_pack_b(uint32_t *bp, const float *b, long ldb, int transB, long K, long N, long p0, long p1);

/// Rows [m0, m1) of c (M, N) = op(a) (M, K) · op(b), or += when `accumulate`: op(a) = a (M, K) with
/// leading dimension lda, or a^T when transA (a stored (K, M)); b packed whole by ck_bf16_pack_b; a
/// rounded to bf16 as it is packed into `scratch` (ck_bf16_scratch_count words, the calling thread's);
/// fp32 accumulation. An output's bytes do not depend on m0/m1 (see gemm_bf16.c).
/// Requires ck_bf16_gemm_available(), K >= 1.
void ck_bf16_gemm_rows(float *c, long ldc, const float *a, long lda, int transA, const uint32_t *bp,
                       long M, long N, long K, long m0, long m1, int accumulate, uint32_t *scratch);

#ifdef __cplusplus
}
#endif

#endif
