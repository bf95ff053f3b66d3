/* bandwidth.c -- the memory bandwidth ceilings: STREAM's triad
 * a[i] = b[i] + s c[i] over arrays much larger than the last-level cache,
 * with regular and with non-temporal (streaming) stores, each at every
 * vector width this build has (and the plain loop at the compiler's own
 * width: the code a workload runs), in several placements of the arrays
 * (their offsets within a page, transparent huge pages asked for or
 * refused), at 1 worker and at all cores. OpenMP threads are bound close
 * (thread i to the i-th allowed CPU) and first touch the block they sweep;
 * an untimed sweep comes first, then --reps timed ones, of which the best
 * counts: the second-fastest, the rate two of them reached. Bytes are counted as STREAM does: 24 per element and sweep (read
 * b and c, write a), whatever the caches move besides. The best
 * regular-store figure at each worker count is the ceiling triad is
 * judged against and says best=yes; its line names the placement, huge
 * pages and width that reached it. The non-temporal figures are shown
 * beside it. STREAM's scale a[i] = s b[i] (16 bytes per element: b read,
 * a written) is measured the same way with regular stores: it moves what
 * a stencil update moves (one point read from memory, one written, and on
 * the bus the written line's write-allocate for both), and its best is
 * the ceiling the stencil is judged against. Each sweep has its own scalar
 * s, and a is checked against the last one's closed form element by
 * element. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#ifdef __SSE2__
#define HAVE_NT 1 /* streaming stores: _mm_stream_pd and wider */
#else
#define HAVE_NT 0
#endif

#include "probe.h"
#include "triadsweep.h"

const char *const probe_name = "bandwidth";

#define MIB (1024LL * 1024)
#define HUGE_PAGE (2 * MIB)
#define CHUNK 8 /* elements: blocks start 64-byte aligned, as streaming stores need */
#define MAX_SWEEPS 1001
#define MAX_RESULTS 256

/* Where b and c start, in bytes past a page boundary (a starts on one). */
struct placement {
    const char *name;
    size_t off_b, off_c;
};
static const struct placement placements[] = {
    {"aligned", 0, 0},    /* all three at offset 0 of a page (and of a huge page) */
    {"off64", 64, 128},   /* one and two cache lines further */
    {"off2k", 2048, 1024}, /* as STREAM's static arrays and parbench's triad */
};
#define NPLACEMENTS (sizeof placements / sizeof placements[0])

struct arrays {
    char *map; /* the mapping; base is its first 2 MiB boundary */
    size_t map_bytes;
    char *base;
    size_t span; /* bytes of base that hold the arrays */
    double *a, *b, *c;
    long long n;
};

struct result {
    int workers, huge, best;
    const char *kind; /* "triad" or "scale" */
    const struct triad_sweep *how;
    const struct placement *where;
    long long thp_kib, n, sweeps;
    double seconds, gbps, median_gbps, min_gbps;
    double others; /* cores other processes used meanwhile, -1: unknown */
};

/* ---- values: small whole numbers, so every a[i] is exact ---------------- */

static double b_value(long long i) { return (double)(i & 1023); }
static double c_value(long long i) { return (double)(1 + ((i >> 10) & 7)); }
/* Each sweep has its own scalar, so the last one's values prove it ran. */
static double scalar(long long k) { return (double)(1 + (k & 3)); }

/* Elements [lo, hi) of worker id of w: whole 64-byte chunks, the last
 * worker's block also holds the n % CHUNK elements left over. */
static void block(long long n, int w, int id, long long *lo, long long *hi)
{
    long long chunks = n / CHUNK, q = chunks / w, r = chunks % w;
    *lo = CHUNK * (id * q + (id < r ? id : r));
    *hi = *lo + CHUNK * (q + (id < r ? 1 : 0));
    if (id == w - 1) *hi = n;
}

/* ---- the sweeps --------------------------------------------------------- */

/* Every variant of common/triadsweep.h, the loops the triad workload runs. */
#define sweeps_all triad_sweeps_all
#define NSWEEPS TRIAD_NSWEEPS

/* STREAM's scale at the compiler's width and at each width named, regular
 * stores, in triad_sweep_fn's shape (c unused). */
__attribute__((noinline)) static void scale_compiler(double *restrict a, const double *restrict b,
                                                     const double *restrict c, double s, long long n)
{
    (void)c;
#pragma omp simd
    for (long long i = 0; i < n; i++) a[i] = s * b[i];
}

#define SCALE_SWEEP(NAME, VT, LANES, SET1, LOAD, STORE, MUL)                                          \
    __attribute__((noinline)) static void NAME(double *restrict a, const double *restrict b,        \
                                               const double *restrict c, double s, long long n)     \
    {                                                                                               \
        long long i = 0;                                                                            \
        VT vs = SET1(s);                                                                            \
        (void)c;                                                                                    \
        for (; i + (LANES) <= n; i += (LANES)) STORE(a + i, MUL(vs, LOAD(b + i)));                  \
        for (; i < n; i++) a[i] = s * b[i];                                                         \
    }
#if defined(__AVX512F__)
SCALE_SWEEP(scale_512, __m512d, 8, _mm512_set1_pd, _mm512_loadu_pd, _mm512_storeu_pd, _mm512_mul_pd)
#endif
#if defined(__AVX__)
SCALE_SWEEP(scale_256, __m256d, 4, _mm256_set1_pd, _mm256_loadu_pd, _mm256_storeu_pd, _mm256_mul_pd)
#endif
#if defined(__SSE2__)
SCALE_SWEEP(scale_128, __m128d, 2, _mm_set1_pd, _mm_loadu_pd, _mm_storeu_pd, _mm_mul_pd)
#endif

static const struct triad_sweep scale_all[] = {
    {0, "compiler", scale_compiler},
#if defined(__AVX512F__)
    {0, "avx512", scale_512},
#endif
#if defined(__AVX__)
    {0, "avx", scale_256},
#endif
#if defined(__SSE2__)
    {0, "sse2", scale_128},
#endif
};
#define NSCALE (sizeof scale_all / sizeof scale_all[0])

/* STREAM's bytes per element of KIND ("triad" or "scale"). */
static double bytes_per(const char *kind) { return strcmp(kind, "scale") ? 24.0 : 16.0; }

/* ---- the team ---------------------------------------------------------- */

/* Inside a parallel region: binds thread id to cpus[id] (close). */
static void bind_me(const int *cpus, int id, int *failed)
{
    if (probe_bind(cpus[id]) != 0) {
#pragma omp atomic write
        *failed = errno ? errno : EINVAL;
    }
}

static void team_ok(int got, int want, int bind_errno)
{
    if (got != want)
        probe_fail("OpenMP ran %d threads, asked for %d (OMP_THREAD_LIMIT? OMP_DYNAMIC?)", got, want);
    if (bind_errno) {
        errno = bind_errno;
        probe_syserr("pthread_setaffinity_np");
    }
}

/* Worker id of w writes the first values of its block: its pages are
 * placed by the thread that sweeps them. */
static void first_touch(struct arrays *x, int w, const int *cpus)
{
    int got = 0, failed = 0;
#pragma omp parallel num_threads(w)
    {
        int id = omp_get_thread_num();
        if (id == 0) got = omp_get_num_threads();
        bind_me(cpus, id, &failed);
        long long lo, hi;
        block(x->n, omp_get_num_threads(), id, &lo, &hi);
        for (long long i = lo; i < hi; i++) {
            x->a[i] = 0.0;
            x->b[i] = b_value(i);
            x->c[i] = c_value(i);
        }
    }
    team_ok(got, w, failed);
}

/* sweeps sweeps of the w workers, each timed from a barrier to a barrier
 * into t[k]. */
static void timed_sweeps(struct arrays *x, int w, const int *cpus, triad_sweep_fn fn, long long sweeps, double *t)
{
    int got = 0, failed = 0;
#pragma omp parallel num_threads(w)
    {
        int id = omp_get_thread_num();
        if (id == 0) got = omp_get_num_threads();
        bind_me(cpus, id, &failed);
        long long lo, hi;
        block(x->n, omp_get_num_threads(), id, &lo, &hi);
        for (long long k = 0; k < sweeps; k++) {
            double s = scalar(k), t0 = 0.0;
#pragma omp barrier
            if (id == 0) t0 = probe_now();
            fn(x->a + lo, x->b + lo, x->c + lo, s, hi - lo);
#pragma omp barrier
            if (id == 0) t[k] = probe_now() - t0;
        }
    }
    team_ok(got, w, failed);
}

/* ---- memory ------------------------------------------------------------ */

/* Maps a, b and c for n elements each, 2 MiB aligned and a stride apart,
 * b and c at the placement's offsets, with huge pages asked for or
 * refused. Exits 3 when the memory cannot be had. */
static void arrays_map(struct arrays *x, long long n, const struct placement *p, int huge)
{
    size_t bytes = (size_t)n * sizeof(double);
    size_t stride = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE + HUGE_PAGE;
    x->n = n;
    x->span = 3 * stride;
    x->map_bytes = x->span + HUGE_PAGE;
    x->map = mmap(NULL, x->map_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (x->map == MAP_FAILED) {
        char what[96];
        snprintf(what, sizeof what, "mmap of %.0f MiB", (double)x->map_bytes / (double)MIB);
        probe_syserr(what);
    }
    uintptr_t at = ((uintptr_t)x->map + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    x->base = (char *)at;
#ifdef MADV_HUGEPAGE
    /* a kernel without transparent huge pages refuses: the variant then
     * says thp_kib=0 */
    (void)madvise(x->base, x->span, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
#else
    (void)huge;
#endif
    x->a = (void *)x->base;
    x->b = (void *)(x->base + stride + p->off_b);
    x->c = (void *)(x->base + 2 * stride + p->off_c);
}

static void arrays_unmap(struct arrays *x)
{
    if (munmap(x->map, x->map_bytes) != 0) probe_syserr("munmap");
}

/* KiB of the arrays' mapping that sit in transparent huge pages, from
 * /proc/self/smaps; -1 when it cannot be read. */
static long long thp_kib(const struct arrays *x)
{
    FILE *f = fopen("/proc/self/smaps", "r");
    if (!f) return -1;
    char line[512];
    int inside = 0;
    long long kib = 0;
    uintptr_t lo_want = (uintptr_t)x->base, hi_want = lo_want + x->span;
    while (fgets(line, sizeof line, f)) {
        unsigned long lo, hi;
        long long v;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
            inside = lo < hi_want && hi > lo_want;
        else if (inside && sscanf(line, "AnonHugePages: %lld kB", &v) == 1)
            kib += v;
    }
    fclose(f);
    return kib;
}

/* ---- one variant ----------------------------------------------------------- */

/* What a[i] holds after a sweep of kind KIND ("triad" or "scale") with scalar s. */
static double expected(const char *kind, long long i, double s)
{
    return strcmp(kind, "scale") ? b_value(i) + s * c_value(i) : s * b_value(i);
}

/* Checks a after the last sweep (scalar s) of kind KIND. Returns the
 * first wrong index, or -1. PARBENCH_FAULT=wrong spoils one element first. */
static long long first_wrong(struct arrays *x, const char *kind, double s)
{
    if (probe_fault_wrong()) x->a[x->n / 2] += 1.0;
    for (long long i = 0; i < x->n; i++)
        if (x->a[i] != expected(kind, i, s)) return i;
    return -1;
}

static void print_result(const struct result *r, const char *cpus)
{
    printf("probe=bandwidth kind=%s stores=%s isa=%s placement=%s huge=%s thp_kib=%lld workers=%d "
           "cpus=%s elements=%lld bytes=%lld sweeps=%lld seconds=%.9f gbps=%.3f median_gbps=%.3f "
           "min_gbps=%.3f others=%.2f verified=yes best=%s\n",
           r->kind, r->how->nontemporal ? "nontemporal" : "regular", r->how->isa,
           r->where->name, r->huge ? "on" : "off",
           r->thp_kib, r->workers, cpus, r->n, (long long)bytes_per(r->kind) * r->n, r->sweeps - 1, r->seconds, r->gbps,
           r->median_gbps, r->min_gbps, r->others, r->best ? "yes" : "no");
}

/* Runs sweeps (the first untimed) of r->how over x with w workers. Fills
 * r, or prints verified=no and exits 1. */
static void measure(struct arrays *x, int w, const int *cpus, long long sweeps, struct result *r)
{
    double t[MAX_SWEEPS];
    memset(x->a, 0, (size_t)x->n * sizeof(double));
    struct probe_busy busy;
    probe_busy_start(&busy);
    timed_sweeps(x, w, cpus, r->how->fn, sweeps, t);
    r->others = probe_busy_others(&busy);
    const char *kind = r->kind;
    long long bad = first_wrong(x, kind, scalar(sweeps - 1));
    r->workers = w;
    r->n = x->n;
    r->sweeps = sweeps;
    if (bad >= 0) {
        printf("probe=bandwidth kind=%s stores=%s isa=%s placement=%s workers=%d elements=%lld "
               "verified=no\n", kind, r->how->nontemporal ? "nontemporal" : "regular", r->how->isa,
               r->where->name, w, x->n);
        fflush(stdout);
        probe_say("%s: a[%lld] is %.17g, expected %.17g (scalar %g): the answer is wrong", kind, bad,
                  x->a[bad], expected(kind, bad, scalar(sweeps - 1)), scalar(sweeps - 1));
        exit(PROBE_WRONG);
    }
    double bytes = bytes_per(kind) * (double)x->n;
    double med = probe_median(t + 1, (size_t)(sweeps - 1)); /* sorts them, fastest first */
    /* the best: the second-fastest sweep, the rate two sweeps reached. On
     * a shared machine a lone sweep now and then runs far faster than the
     * rest (51 GB/s among sweeps of 32-33): no ceiling to judge by */
    double best = t[sweeps > 2 ? 2 : 1];
    r->seconds = best;
    r->min_gbps = bytes / t[sweeps - 1] / 1e9;
    r->gbps = bytes / best / 1e9;
    r->median_gbps = bytes / med / 1e9;
    if (best < 1e-4)
        probe_say("warning: a sweep took %.1f us, too short to time well (--mib larger)", best * 1e6);
}

/* ---- main ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    int cpus[PROBE_MAX_CPUS];
    int ncpus = probe_cpus(cpus, PROBE_MAX_CPUS);
    long long llc = probe_llc_bytes();
    long long mib = 0, fold = 0;
    long long reps = 0, workers = ncpus, quick = 0, at = 0;
    const char *kind = NULL, *isa = NULL, *place = NULL;
    char about[768];
    snprintf(about, sizeof about,
             "The memory bandwidth ceilings: STREAM triad a = b + s c with regular and with "
             "non-temporal stores at each vector width, and STREAM scale a = s b with regular "
             "stores (the stencil's ceiling), in several placements of the arrays, "
             "huge pages asked for or refused, at 1 worker and at "
             "--workers (bound close, first touch by the thread that sweeps), best of --reps "
             "timed sweeps after an untimed one. The last-level cache is %lld KiB (sysfs); "
             "the arrays are --fold (4, with --quick 2) x that or 64 MiB, each.", llc / 1024);
    const struct probe_opt opts[] = {
        {"mib", "M", 1, 1 << 20, &mib, "MiB per array (default --fold x last-level cache, at least 64)", NULL},
        {"fold", "F", 2, 64, &fold, "arrays of F x the last-level cache each, at least 64 MiB (default 4, with --quick 2)", NULL},
        {"reps", "R", 1, MAX_SWEEPS - 1, &reps, "timed sweeps per variant, best counts (default 10, --quick too: the best of fewer undershoots)", NULL},
        {"workers", "P", 1, ncpus, &workers, "threads of the all-cores figures (default: every allowed CPU)", NULL},
        {"quick", NULL, 0, 1, &quick, "two placements (off64, off2k), huge pages asked for, arrays of --fold 2 as the probes beside a sweep's launches: for a sweep's start", NULL},
        {"at", "P", 1, ncpus, &at, "only at P workers (not at 1 and at --workers)", NULL},
        {"kind", "K", 0, 0, NULL, "only kernel K, regular stores: triad or scale", &kind},
        {"isa", "I", 0, 0, NULL, "only the loop at width I: compiler, avx512, avx or sse2 (those built)", &isa},
        {"placement", "N", 0, 0, NULL, "only placement N (aligned, off64, off2k), huge pages asked for", &place},
    };
    probe_parse(argc, argv, opts, sizeof opts / sizeof opts[0], about,
                "One line per variant on stdout:\n"
                "  probe=bandwidth kind=triad|scale stores=regular|nontemporal isa=compiler|avx512|avx|sse2\n"
                "  placement=aligned|off64|off2k huge=on|off\n"
                "  thp_kib=K workers=W cpus=LIST elements=N bytes=B sweeps=R seconds=S gbps=G\n"
                "  median_gbps=M min_gbps=L others=O verified=yes best=yes|no\n"
                "bytes are per sweep (24 per element for triad, 16 for scale), seconds the best\n"
                "sweep's (the second-fastest: a rate two sweeps reached), gbps its rate\n"
                "(median_gbps, min_gbps: the median and slowest sweep's);\n"
                "best=yes marks the best regular-store variant of each kind at each worker count:\n"
                "the bandwidth ceilings (triad's for triad, scale's for the stencil).\n"
                "others is the CPUs' worth of time other processes (and the hypervisor) used\n"
                "while the sweeps ran, at least, from /proc's ticks (-1: unknown): above 0 the\n"
                "figure may be low.\n");
    if (!reps) reps = 10;
    if (kind && strcmp(kind, "triad") && strcmp(kind, "scale"))
        probe_usage("--kind: '%s' is not triad or scale", kind);
    if (isa && !triad_sweep_named(isa, 0))
        probe_usage("--isa: this build has no loop at width '%s' (compiler, avx512, avx or sse2, as built)", isa);
    size_t first_place = quick ? 1 : 0, last_place = NPLACEMENTS;
    int huge_from = quick ? 1 : 0;
    if (place) {
        for (first_place = 0; first_place < NPLACEMENTS && strcmp(placements[first_place].name, place);)
            first_place++;
        if (first_place == NPLACEMENTS) probe_usage("--placement: '%s' is not aligned, off64 or off2k", place);
        last_place = first_place + 1;
        huge_from = 1;
    }
    if (!fold) fold = quick ? 2 : 4;
    if (!mib) { /* not given: --fold x the last-level cache, at least 64 MiB */
        mib = llc > 0 ? fold * llc / MIB : 0;
        if (mib < 64) mib = 64;
    }
    if (llc > 0 && mib * MIB < 2 * llc)
        probe_say("warning: arrays of %lld MiB are less than 2 x the last-level cache (%lld KiB): "
                  "the figures may be the cache's, not memory's", mib, llc / 1024);
    omp_set_dynamic(0);

    long long n = mib * MIB / (long long)sizeof(double) / CHUNK * CHUNK;
    int counts[2], ncounts = probe_counts(at, workers, counts);
    struct result res[MAX_RESULTS];
    int nres = 0;

    if (!HAVE_NT && !kind) printf("probe=bandwidth kind=triad stores=nontemporal nontemporal=unavailable\n");
    for (int wi = 0; wi < ncounts; wi++) {
        int w = counts[wi];
        for (size_t p = first_place; p < last_place; p++) {
            for (int huge = 1; huge >= huge_from; huge--) {
                struct arrays x;
                arrays_map(&x, n, &placements[p], huge);
                first_touch(&x, w, cpus);
                long long kib = thp_kib(&x);
                for (size_t k = 0; k < NSWEEPS + NSCALE; k++) {
                    const char *what = k < NSWEEPS ? "triad" : "scale";
                    const struct triad_sweep *how = k < NSWEEPS ? &sweeps_all[k] : &scale_all[k - NSWEEPS];
                    if ((kind && (strcmp(kind, what) || how->nontemporal)) || (isa && strcmp(isa, how->isa)))
                        continue;
                    struct result *r = &res[nres++];
                    memset(r, 0, sizeof *r);
                    r->kind = what;
                    r->how = how;
                    r->where = &placements[p];
                    r->huge = huge;
                    r->thp_kib = kib;
                    measure(&x, w, cpus, reps + 1, r);
                }
                arrays_unmap(&x);
            }
        }
    }
    /* the best of each kernel and store kind at each worker count (the
     * first of equals) */
    for (int i = 0; i < nres; i++) {
        int b = i;
        for (int j = 0; j < nres; j++)
            if (res[j].workers == res[i].workers && res[j].how->nontemporal == res[i].how->nontemporal &&
                res[j].kind == res[i].kind && res[j].gbps > res[b].gbps)
                b = j;
        res[b].best = !res[b].how->nontemporal;
    }
    for (int i = 0; i < nres; i++) {
        char list[256];
        probe_cpu_list(list, sizeof list, cpus, res[i].workers);
        print_result(&res[i], list);
    }
    return fflush(stdout) == 0 ? PROBE_OK : PROBE_FAILED;
}
