/* triad.c -- inputs, the sweep loop, reference answer and verification of
 * 'triad'. */
#include "triad.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comm.h"
#include "options.h"
#include "parbench.h"

#define TRIAD_SCALAR 3.0
#define TRIAD_ITERS 10 /* default --iters */
#define TRIAD_PAGE 4096

/* ---- values ------------------------------------------------------------ */

/* b and c are small whole numbers, so that every a[i] = b[i] + 3 c[i] and
 * every sum of them is exact in double precision, in any order. */
static double b_value(long long g) { return (double)(g & 1023); }
static double c_value(long long g) { return (double)(1 + ((g >> 10) & 7)); }
static double a_value(long long g) { return b_value(g) + TRIAD_SCALAR * c_value(g); }

/* The exact sum of a over elements 0..n-1. */
static double a_sum(long long n)
{
    unsigned long long q = (unsigned long long)n >> 10, r = (unsigned long long)n & 1023;
    unsigned long long m = q & 7;
    /* sum of g & 1023: q full runs of 0..1023, then 0..r-1 (unsigned: the
     * products are 0 when r or m is 0) */
    unsigned long long sb = q * (1023ull * 1024 / 2) + r * (r - 1) / 2;
    /* sum of (g >> 10) & 7: 1024 each of the run numbers k < q (mod 8), then r of q */
    unsigned long long runs = (q >> 3) * 28 + m * (m - 1) / 2;
    unsigned long long sc = (unsigned long long)n + 1024 * runs + r * m;
    return (double)sb + TRIAD_SCALAR * (double)sc;
}

/* ---- the loops every model runs ---------------------------------------- */

void triad_sweeps(const struct triad_data *t, long long lo, long long hi)
{
    long long i = lo - t->first;
    for (long long k = 0; k < t->iters; k++)
        t->sweep->fn(t->a + i, t->b + i, t->c + i, TRIAD_SCALAR, hi - lo);
}

void triad_team_sweeps(long long id, long long nworkers, void *data)
{
    const struct triad_data *t = data;
    long long lo, hi;
    pb_block(t->count, nworkers, id, &lo, &hi);
    triad_sweeps(t, t->first + lo, t->first + hi);
}

/* Worker id of nworkers writes the first values of its block. */
static void triad_first_touch(long long id, long long nworkers, void *data)
{
    struct triad_data *t = data;
    long long lo, hi;
    pb_block(t->count, nworkers, id, &lo, &hi);
    for (long long i = lo; i < hi; i++) {
        t->a[i] = 0.0;
        t->b[i] = b_value(t->first + i);
        t->c[i] = c_value(t->first + i);
    }
}

/* ---- the workload's hooks ------------------------------------------------ */

static size_t round_up(size_t bytes, size_t to) { return (bytes + to - 1) / to * to; }

/* The variant --isa names (common/triadsweep.h), regular stores; or NULL
 * and ERR naming those this build has. */
static const struct triad_sweep *isa_of(const char *isa, char *err, size_t errlen)
{
    const struct triad_sweep *s = triad_sweep_named(isa ? isa : "compiler", 0);
    if (s) return s;
    char have[64] = "";
    for (size_t k = 0; k < TRIAD_NSWEEPS; k++)
        if (!triad_sweeps_all[k].nontemporal) {
            strncat(have, have[0] ? ", " : "", sizeof have - strlen(have) - 1);
            strncat(have, triad_sweeps_all[k].isa, sizeof have - strlen(have) - 1);
        }
    char shown[64];
    snprintf(err, errlen, "--isa: '%s' is not one this build runs (%s)", pb_shown(isa, shown, sizeof shown),
             have);
    return NULL;
}

static int triad_prepare(struct pb_run *run, char *err, size_t errlen)
{
    struct pb_opts *o = &run->opt;
    if (!o->iters) o->iters = TRIAD_ITERS;
    const struct triad_sweep *sweep = isa_of(o->isa, err, errlen);
    if (!sweep) return PB_EXIT_USAGE;
    char what[96];
    snprintf(what, sizeof what, "--size %lld (3 arrays of doubles)", o->size);
    int rc = pb_check_memory(3.0 * sizeof(double) * (double)o->size, what, err, errlen);
    if (rc != PB_EXIT_OK || o->check) return rc;

    struct triad_data *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errlen, "out of memory");
        return PB_EXIT_FAILED;
    }
    run->data = t;
    long long lo, hi;
    pb_block(o->size, run->nranks, run->rank, &lo, &hi);
    t->n = o->size;
    t->first = lo;
    t->count = hi - lo;
    t->iters = o->iters;
    t->sweep = sweep;
    /* One mapping holds a, b and c, a page apart and at offsets 0, 2048 and
     * 1024 within a page, as STREAM's static arrays happen to be: a load of
     * b[i] or c[i] then never shares address bits 0-11 with the store to a
     * recently before it, which the core would take for a dependence (4K
     * aliasing) and stall on. Its pages stay unplaced until the first touch. */
    size_t stride = round_up((size_t)t->count * sizeof(double), TRIAD_PAGE) + TRIAD_PAGE;
    t->map_bytes = 3 * stride;
    t->map = pb_pages(t->map_bytes);
    if (!t->map) {
        snprintf(err, errlen, "cannot map %.1f MiB for the arrays: %s",
                 (double)t->map_bytes / 1048576.0, strerror(errno));
        return PB_EXIT_FAILED;
    }
    char *base = t->map;
    t->a = (void *)base;
    t->b = (void *)(base + stride + 2048);
    t->c = (void *)(base + 2 * stride + 1024);
    return PB_EXIT_OK;
}

/* a is cleared before each run, so that no run can pass on an earlier
 * run's answer. The pages stay where the set-up placed them. */
static void triad_reset(struct pb_run *run)
{
    struct triad_data *t = run->data;
    memset(t->a, 0, (size_t)t->count * sizeof(double));
}

/* Each process checks every element it holds against the closed form and
 * sums its a; rank 0 gets the totals and the first wrong index. */
static void triad_combine(struct pb_run *run, struct pb_answer *ans)
{
    struct triad_data *t = run->data;
    double part[2] = {0.0, 0.0}; /* sum of a, wrong elements */
    double first_wrong = (double)t->n;
    for (long long i = 0; i < t->count; i++) {
        if (t->a[i] != a_value(t->first + i)) {
            if (part[1] == 0.0) first_wrong = (double)(t->first + i);
            part[1] += 1.0;
        }
        part[0] += t->a[i];
    }
    pb_comm_sum_doubles(part, 2);
    t->first_wrong = -pb_comm_max_double(-first_wrong);
    t->wrong = part[1];
    ans->exact = 0;
    ans->d = part[0];
}

static int triad_verify(const struct pb_run *run, const struct pb_answer *ans, char *why,
                        size_t len)
{
    const struct triad_data *t = run->data;
    if (t->wrong > 0.0) {
        snprintf(why, len, "%.0f of %lld elements of a are not b + %g c, the first at "
                 "index %.0f", t->wrong, t->n, TRIAD_SCALAR, t->first_wrong);
        return 0;
    }
    double want = a_sum(t->n);
    if (!pb_close(ans->d, want, 1e-12)) {
        snprintf(why, len, "the sum of a is %.17g, expected %.17g", ans->d, want);
        return 0;
    }
    return 1;
}

/* STREAM's count: 24 bytes per element and sweep (read b and c, write a). */
static void triad_metrics(const struct pb_run *run, const struct pb_answer *ans,
                          double seconds, char *buf, size_t len)
{
    (void)ans;
    const struct triad_data *t = run->data;
    double bytes = 24.0 * (double)t->n * (double)t->iters;
    snprintf(buf, len, " iters=%lld gbps=%.3f isa=%s", t->iters,
             seconds > 0.0 ? bytes / seconds / 1e9 : 0.0, t->sweep->isa);
}

static void triad_release(struct pb_run *run)
{
    struct triad_data *t = run->data;
    if (!t) return;
    pb_pages_free(t->map, t->map_bytes);
    free(t);
    run->data = NULL;
}

const struct pb_workload pb_workload = {
    .name = "triad",
    .about = "STREAM triad a = b + 3c, --iters sweeps (default 10) over arrays larger "
             "than the caches: memory bandwidth. --isa: the loop's vector width (the sweep "
             "takes the one the bandwidth probe found best)",
    .size_unit = "elements per array",
    .options = PB_OPT_ITERS | PB_OPT_ISA,
    .default_size = 20000000,
    .max_size = 1000000000000LL,
    .prepare = triad_prepare,
    .reset = triad_reset,
    .combine = triad_combine,
    .verify = triad_verify,
    .release = triad_release,
    .metrics = triad_metrics,
    .first_touch = triad_first_touch,
};
