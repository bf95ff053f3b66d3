/* triadsweep.h -- STREAM's triad sweep a[i] = b[i] + s*c[i] at each vector
 * width this build can run, with regular or with streaming (non-temporal)
 * stores. The triad workload (common/workloads/triad.c, regular stores) and
 * the bandwidth probe (tools/ceilings/bandwidth.c) both take their loops
 * from here, so that the machine's ceiling and the workload's figure come
 * from the same instructions; the probe finds which width streams best on
 * this machine, and the sweep runs triad at that one (--isa).
 *
 * Each variant has a name (isa): "compiler" is the plain loop at the width
 * the compiler prefers for -march; "avx512", "avx" and "sse2" are written
 * with intrinsics, so the width is the one named whatever the compiler
 * prefers. A streaming store needs a aligned to its vector width. */
#ifndef PARBENCH_TRIADSWEEP_H
#define PARBENCH_TRIADSWEEP_H

#include <stddef.h>
#include <string.h>

#ifdef __SSE2__
#include <immintrin.h>
#endif

typedef void (*triad_sweep_fn)(double *restrict a, const double *restrict b, const double *restrict c,
                               double s, long long n);

__attribute__((noinline, unused)) static void triad_sweep_compiler(double *restrict a,
                                                                   const double *restrict b,
                                                                   const double *restrict c, double s,
                                                                   long long n)
{
#pragma omp simd
    for (long long i = 0; i < n; i++) a[i] = b[i] + s * c[i];
}

/* TRIAD_SWEEP(NAME, VT, LANES, SET1, LOAD, STORE, ADD, MUL, FENCE): the loop
 * at one width with one kind of store; the tail element by element. */
#define TRIAD_SWEEP(NAME, VT, LANES, SET1, LOAD, STORE, ADD, MUL, FENCE)                         \
    __attribute__((noinline, unused)) static void NAME(double *restrict a,                      \
                                                       const double *restrict b,                \
                                                       const double *restrict c, double s,      \
                                                       long long n)                             \
    {                                                                                            \
        long long i = 0;                                                                         \
        VT vs = SET1(s);                                                                         \
        for (; i + (LANES) <= n; i += (LANES)) STORE(a + i, ADD(LOAD(b + i), MUL(vs, LOAD(c + i)))); \
        for (; i < n; i++) a[i] = b[i] + s * c[i];                                               \
        FENCE;                                                                                   \
    }

#if defined(__AVX512F__)
TRIAD_SWEEP(triad_regular_512, __m512d, 8, _mm512_set1_pd, _mm512_loadu_pd, _mm512_storeu_pd,
            _mm512_add_pd, _mm512_mul_pd, (void)0)
TRIAD_SWEEP(triad_stream_512, __m512d, 8, _mm512_set1_pd, _mm512_loadu_pd, _mm512_stream_pd,
            _mm512_add_pd, _mm512_mul_pd, _mm_sfence())
#endif
#if defined(__AVX__)
TRIAD_SWEEP(triad_regular_256, __m256d, 4, _mm256_set1_pd, _mm256_loadu_pd, _mm256_storeu_pd,
            _mm256_add_pd, _mm256_mul_pd, (void)0)
TRIAD_SWEEP(triad_stream_256, __m256d, 4, _mm256_set1_pd, _mm256_loadu_pd, _mm256_stream_pd,
            _mm256_add_pd, _mm256_mul_pd, _mm_sfence())
#endif
#if defined(__SSE2__)
TRIAD_SWEEP(triad_regular_128, __m128d, 2, _mm_set1_pd, _mm_loadu_pd, _mm_storeu_pd, _mm_add_pd,
            _mm_mul_pd, (void)0)
TRIAD_SWEEP(triad_stream_128, __m128d, 2, _mm_set1_pd, _mm_loadu_pd, _mm_stream_pd, _mm_add_pd,
            _mm_mul_pd, _mm_sfence())
#endif

struct triad_sweep {
    int nontemporal;
    const char *isa; /* compiler, avx512, avx or sse2 */
    triad_sweep_fn fn;
};

/* Every variant this build has: regular stores at the compiler's width and
 * at each width, then streaming stores. */
static const struct triad_sweep triad_sweeps_all[] = {
    {0, "compiler", triad_sweep_compiler},
#if defined(__AVX512F__)
    {0, "avx512", triad_regular_512},
#endif
#if defined(__AVX__)
    {0, "avx", triad_regular_256},
#endif
#if defined(__SSE2__)
    {0, "sse2", triad_regular_128},
#endif
#if defined(__AVX512F__)
    {1, "avx512", triad_stream_512},
#endif
#if defined(__AVX__)
    {1, "avx", triad_stream_256},
#endif
#if defined(__SSE2__)
    {1, "sse2", triad_stream_128},
#endif
};
#define TRIAD_NSWEEPS (sizeof triad_sweeps_all / sizeof triad_sweeps_all[0])

/* The variant named ISA with regular (NONTEMPORAL 0) or streaming stores,
 * or NULL when this build has none. */
__attribute__((unused)) static const struct triad_sweep *triad_sweep_named(const char *isa, int nontemporal)
{
    for (size_t k = 0; k < TRIAD_NSWEEPS; k++)
        if (triad_sweeps_all[k].nontemporal == nontemporal && !strcmp(triad_sweeps_all[k].isa, isa))
            return &triad_sweeps_all[k];
    return NULL;
}

#endif
