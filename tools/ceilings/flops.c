/* flops.c -- the double-precision compute ceiling: independent chains of
 * fused multiply-adds x = x m + a in vector registers, enough of them
 * (--chains, default 16) to hide the FMA's latency behind its throughput,
 * at each vector width the compiler was allowed (-march=native), on 1
 * core and on all cores (OpenMP threads bound close). Every FMA counts 2
 * FLOPs per lane. m is 1 at run time (the compiler cannot know it, and the
 * hardware's FMA takes as long for any normal operands), so each lane ends
 * at the closed form x0 + iters a, exactly: the answer is checked lane by
 * lane. The best width at each worker count says best=yes: the ceiling. */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__AVX512F__) || defined(__FMA__) || defined(__AVX__) || defined(__SSE2__)
#include <immintrin.h>
#endif

#include "probe.h"

const char *const probe_name = "flops";

#define MAX_CHAINS 16
#define MAX_RESULTS 16
#define ADDEND 0.5

/* m comes from memory the compiler cannot see into: it stays a real
 * multiply. */
static volatile double one = 1.0;

/* Each width: one function running iters rounds of chains FMAs on
 * vectors of lanes doubles, storing the final chains into out
 * (chains x lanes doubles, chain-major). */
typedef void (*chain_fn)(long long iters, int chains, double *out);

/* ---- the chains, one body per width -------------------------------------------- */

/* KEEP(v): an empty asm that says v is read and written in a vector
 * register, so the compiler keeps each chain in a register of its own and
 * cannot merge narrow chains into wider vectors (SLP vectorisation), which
 * would measure another width than the one named. (Elsewhere than x86
 * nothing stops it: the scalar figure may then be a vector one.) */
#if defined(__AVX512F__)
#define KEEP(v) __asm__("" : "+v"(v))
#elif defined(__SSE2__)
#define KEEP(v) __asm__("" : "+x"(v))
#else
#define KEEP(v) ((void)0)
#endif

/* The chains are named variables x0, x1, ... (an array would stay in
 * memory once KEEP names its elements). FOR8, FOR12 and FOR16 apply M to
 * the chain numbers. */
#define FOR8(M) M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7)
#define FOR12(M) FOR8(M) M(8) M(9) M(10) M(11)
#define FOR16(M) FOR12(M) M(12) M(13) M(14) M(15)

/* The body of a width's function, with the width's VT (vector type),
 * LANES, SET1, LOAD, STORE and FMA defined as macros where it is
 * expanded: as many chains as FOR names; lane l of chain k starts at
 * k LANES + l + 1 and ends in out[k LANES + l]. */
#define CHAIN_DECL(k) VT x##k = LOAD(init + (k) * LANES);
#define CHAIN_STEP(k) x##k = FMA(x##k, m, a); KEEP(x##k);
#define CHAIN_STORE(k) STORE(out + (k) * LANES, x##k);
#define CHAINS_BODY(FOR)                                                      \
    do {                                                                      \
        double init[MAX_CHAINS * LANES];                                      \
        for (int j = 0; j < MAX_CHAINS * LANES; j++) init[j] = (double)(j + 1); \
        VT m = SET1(one), a = SET1(ADDEND);                                   \
        FOR(CHAIN_DECL)                                                       \
        for (long long i = 0; i < iters; i++) {                               \
            FOR(CHAIN_STEP)                                                   \
        }                                                                     \
        FOR(CHAIN_STORE)                                                      \
    } while (0)

/* One function a width: 8, 12 or 16 chains. */
#define CHAINS_FN(NAME)                                                                  \
    __attribute__((noinline)) static void NAME(long long iters, int chains, double *out) \
    {                                                                                    \
        if (chains <= 8)                                                                 \
            CHAINS_BODY(FOR8);                                                           \
        else if (chains <= 12)                                                           \
            CHAINS_BODY(FOR12);                                                          \
        else                                                                             \
            CHAINS_BODY(FOR16);                                                          \
    }

#define VT double
#define LANES 1
#define SET1(v) (v)
#define LOAD(p) (*(p))
#define STORE(p, v) (*(p) = (v))
#define FMA(x, m, a) fma(x, m, a)
CHAINS_FN(chains_scalar)
#undef VT
#undef LANES
#undef SET1
#undef LOAD
#undef STORE
#undef FMA

#if defined(__SSE2__)
#define VT __m128d
#define LANES 2
#define SET1 _mm_set1_pd
#define LOAD _mm_loadu_pd
#define STORE _mm_storeu_pd
#if defined(__FMA__)
#define FMA _mm_fmadd_pd
#else
/* no FMA instruction: a multiply and an add, still 2 FLOPs */
#define FMA(x, m, a) _mm_add_pd(_mm_mul_pd(x, m), a)
#endif
CHAINS_FN(chains_128)
#undef VT
#undef LANES
#undef SET1
#undef LOAD
#undef STORE
#undef FMA
#endif

#if defined(__FMA__)
#define VT __m256d
#define LANES 4
#define SET1 _mm256_set1_pd
#define LOAD _mm256_loadu_pd
#define STORE _mm256_storeu_pd
#define FMA _mm256_fmadd_pd
CHAINS_FN(chains_256)
#undef VT
#undef LANES
#undef SET1
#undef LOAD
#undef STORE
#undef FMA
#endif

#if defined(__AVX512F__)
#define VT __m512d
#define LANES 8
#define SET1 _mm512_set1_pd
#define LOAD _mm512_loadu_pd
#define STORE _mm512_storeu_pd
#define FMA _mm512_fmadd_pd
CHAINS_FN(chains_512)
#undef VT
#undef LANES
#undef SET1
#undef LOAD
#undef STORE
#undef FMA
#endif

struct width {
    const char *name; /* the instructions */
    int lanes;
    chain_fn fn;
};

static const struct width widths[] = {
#if defined(__AVX512F__)
    {"avx512", 8, chains_512},
#endif
#if defined(__FMA__)
    {"avx2-fma", 4, chains_256},
    {"sse-fma", 2, chains_128},
#elif defined(__SSE2__)
    {"sse2", 2, chains_128},
#endif
    {"scalar", 1, chains_scalar},
};
#define NWIDTHS (sizeof widths / sizeof widths[0])

struct result {
    const struct width *w;
    int workers, chains, best;
    long long iters;
    double seconds, gflops, median_gflops, min_gflops;
    double others; /* cores other processes used meanwhile, -1: unknown */
};

/* ---- a run ----------------------------------------------------------------- */

/* Runs width w's chains for iters rounds on the workers threads, bound
 * close; returns the time from a barrier to the last thread's end, and
 * leaves in *wrong the first lane that missed the closed form (-1: none). */
static double run_once(const struct width *w, int chains, long long iters, int workers,
                       const int *cpus, long long *wrong)
{
    int got = 0, bind_err = 0;
    double t0 = 0.0, t1 = 0.0;
    long long bad = -1;
    double expect_add = (double)iters * ADDEND;
#pragma omp parallel num_threads(workers) reduction(max : bad)
    {
        int id = omp_get_thread_num();
        if (id == 0) got = omp_get_num_threads();
        if (probe_bind(cpus[id]) != 0) {
#pragma omp atomic write
            bind_err = errno ? errno : EINVAL;
        }
        double out[MAX_CHAINS * 8];
#pragma omp barrier
        if (id == 0) t0 = probe_now();
        w->fn(iters, chains, out);
#pragma omp barrier
        if (id == 0) t1 = probe_now();
        int used = chains <= 8 ? 8 : chains <= 12 ? 12 : 16;
        if (probe_fault_wrong() && id == 0) out[0] += 1.0;
        for (int k = 0; k < used * w->lanes && bad < 0; k++)
            if (out[k] != (double)(k + 1) + expect_add) bad = (long long)id * 1000 + k;
    }
    if (got != workers)
        probe_fail("OpenMP ran %d threads, asked for %d (OMP_THREAD_LIMIT? OMP_DYNAMIC?)", got, workers);
    if (bind_err) {
        errno = bind_err;
        probe_syserr("pthread_setaffinity_np");
    }
    *wrong = bad;
    return t1 - t0;
}

/* Measures one width at one worker count: iters grown until a run takes
 * target seconds, then reps runs, the best counting. Fills r, or prints
 * verified=no and exits 1. */
static void measure(const struct width *w, int chains, int workers, const int *cpus, int reps,
                    double target, struct result *r)
{
    long long iters = 1 << 16, bad = -1;
    double t = run_once(w, chains, iters, workers, cpus, &bad);
    while (bad < 0 && t < target && iters < (1LL << 40)) {
        double grow = t > 0 ? 1.2 * target / t : 8.0;
        iters = (long long)((double)iters * (grow < 2.0 ? 2.0 : grow > 16.0 ? 16.0 : grow));
        t = run_once(w, chains, iters, workers, cpus, &bad);
    }
    double times[64];
    int n = 0;
    struct probe_busy busy;
    probe_busy_start(&busy);
    for (; n < reps && bad < 0; n++) times[n] = run_once(w, chains, iters, workers, cpus, &bad);
    r->others = probe_busy_others(&busy);
    int used = chains <= 8 ? 8 : chains <= 12 ? 12 : 16;
    if (bad >= 0) {
        printf("probe=flops kind=fma isa=%s chains=%d workers=%d iters=%lld verified=no\n", w->name,
               used, workers, iters);
        fflush(stdout);
        probe_say("worker %lld, lane %lld ended away from x0 + %lld x %g: the answer is wrong",
                  bad / 1000, bad % 1000, iters, ADDEND);
        exit(PROBE_WRONG);
    }
    double best = times[0];
    for (int k = 1; k < n; k++)
        if (times[k] < best) best = times[k];
    double flops = 2.0 * (double)w->lanes * (double)used * (double)iters * (double)workers;
    r->w = w;
    r->workers = workers;
    r->chains = used;
    r->iters = iters;
    r->seconds = best;
    r->gflops = flops / best / 1e9;
    r->median_gflops = flops / probe_median(times, (size_t)n) / 1e9; /* sorts them */
    r->min_gflops = flops / times[n - 1] / 1e9;
}

/* ---- main ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    int cpus[PROBE_MAX_CPUS];
    int ncpus = probe_cpus(cpus, PROBE_MAX_CPUS);
    long long reps = 0, workers = ncpus, quick = 0, chains = 16, ms = 0, at = 0;
    const struct probe_opt opts[] = {
        {"chains", "C", 8, MAX_CHAINS, &chains, "independent FMA chains per thread: 8, 12 or 16 (default 16)", NULL},
        {"reps", "R", 1, 64, &reps, "timed runs per variant, best counts (default 5; --quick 3)", NULL},
        {"ms", "T", 1, 10000, &ms, "milliseconds a run lasts, about (default 100; --quick 30)", NULL},
        {"workers", "P", 1, ncpus, &workers, "threads of the all-cores figures (default: every allowed CPU)", NULL},
        {"quick", NULL, 0, 1, &quick, "only the widest vectors: for a sweep's start", NULL},
        {"at", "P", 1, ncpus, &at, "only at P workers (not at 1 and at --workers)", NULL},
    };
    probe_parse(argc, argv, opts, sizeof opts / sizeof opts[0],
                "The double-precision compute ceiling: independent FMA chains x = x m + a in "
                "vector registers at each vector width this build has, at 1 worker and at "
                "--workers (bound close), verified against the closed form x0 + iters a.",
                "One line per variant on stdout:\n"
                "  probe=flops kind=fma isa=I lanes=L chains=C workers=W cpus=LIST iters=N\n"
                "  seconds=S gflops=G median_gflops=M min_gflops=L others=O verified=yes best=yes|no\n"
                "seconds is the best run's, gflops its rate (median_gflops, min_gflops: the\n"
                "median and slowest run's), 2 FLOPs per FMA and lane; best=yes marks the best\n"
                "width at each worker count: the compute ceiling. others is the CPUs' worth of\n"
                "time other processes used meanwhile, at least, from /proc's ticks (-1:\n"
                "unknown): above 0 the figure may be low.\n");
    if (chains != 8 && chains != 12 && chains != 16)
        probe_usage("--chains: %lld is not 8, 12 or 16", chains);
    if (!reps) reps = quick ? 3 : 5;
    if (!ms) ms = quick ? 30 : 100;
    omp_set_dynamic(0);
    int counts[2], ncounts = probe_counts(at, workers, counts);
    size_t nwidths = quick ? 1 : NWIDTHS;
    struct result res[MAX_RESULTS];
    int nres = 0;
    for (int ci = 0; ci < ncounts; ci++)
        for (size_t wi = 0; wi < nwidths; wi++) {
            memset(&res[nres], 0, sizeof res[nres]);
            measure(&widths[wi], (int)chains, counts[ci], cpus, (int)reps, (double)ms / 1000.0,
                    &res[nres]);
            nres++;
        }
    /* the best width at each worker count (the first of equals) */
    for (int i = 0; i < nres; i++) {
        int b = i;
        for (int j = 0; j < nres; j++)
            if (res[j].workers == res[i].workers && res[j].gflops > res[b].gflops) b = j;
        res[b].best = 1;
    }
    for (int i = 0; i < nres; i++) {
        char list[256];
        probe_cpu_list(list, sizeof list, cpus, res[i].workers);
        printf("probe=flops kind=fma isa=%s lanes=%d chains=%d workers=%d cpus=%s iters=%lld "
               "seconds=%.9f gflops=%.3f median_gflops=%.3f min_gflops=%.3f others=%.2f verified=yes "
               "best=%s\n",
               res[i].w->name, res[i].w->lanes, res[i].chains, res[i].workers, list, res[i].iters,
               res[i].seconds, res[i].gflops, res[i].median_gflops, res[i].min_gflops, res[i].others,
               res[i].best ? "yes" : "no");
    }
    return fflush(stdout) == 0 ? PROBE_OK : PROBE_FAILED;
}
