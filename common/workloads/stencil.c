/* stencil.c -- inputs, the row update, exact solution and verification of
 * 'stencil'.
 *
 * The grid's fixed outer points hold h(i, j) = i j / (N-1)^2: cold along
 * two edges, rising to 1 at the far corner. h is harmonic for the 5-point
 * average (the average of its four neighbours is h itself), and so is the
 * steady state. Inside, the grid starts at h plus a hot bump
 * sin(pi i/(N-1)) sin(pi j/(N-1)), which each Jacobi step multiplies by
 * cos(pi/(N-1)). After k steps the exact answer is therefore known at every
 * point, and so is the sum of the grid, without running a reference. */
#include "stencil.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comm.h"

#define STENCIL_BUMP 1.0 /* height of the initial hot bump */
#define STENCIL_ITERS 20 /* default --iters */
#define STENCIL_PAGE 4096

/* ---- the exact solution -------------------------------------------------- */

/* cos(pi/(N-1))^k: what is left of the bump after k steps. */
static double decay(const struct stencil_data *s, long long k)
{
    return pow(cos(M_PI / (double)(s->n - 1)), (double)k);
}

/* Point (i, j) after the steps that left fraction left of the bump. */
static double exact(const struct stencil_data *s, long long i, long long j, double left)
{
    double h = (double)i * (double)j * s->scale;
    if (i == 0 || i == s->n - 1 || j == 0 || j == s->n - 1) return h;
    return h + STENCIL_BUMP * left * s->sines[i] * s->sines[j];
}

/* Local rows [lo, hi) of grid g at their initial values. */
static void fill_rows(const struct stencil_data *s, double *g, long long lo, long long hi)
{
    for (long long r = lo; r < hi; r++)
        for (long long j = 0; j < s->n; j++) g[r * s->n + j] = exact(s, s->row0 + r, j, 1.0);
}

/* ---- the loops every model runs ---------------------------------------- */

static void update_row(const double *restrict up, const double *restrict mid,
                       const double *restrict down, double *restrict out, long long n)
{
#pragma omp simd
    for (long long j = 1; j < n - 1; j++)
        out[j] = 0.25 * ((up[j] + down[j]) + (mid[j - 1] + mid[j + 1]));
}

/* Rows r .. r + 3 in one pass (rows r - 1 .. r + 4 read): the same sums
 * as update_row's, so the same bits, but each source row in cache is read
 * once for up to three rows of output, and four output streams run side
 * by side. On the reference machine, at 1 worker and a grid larger than
 * the caches, this ran 1.2x as many updates per second as two rows a pass
 * and 1.4x as many as one. */
static void update_rows4(const double *restrict s, double *restrict out, long long n)
{
    const double *restrict a = s - n, *restrict b = s, *restrict c = s + n, *restrict d = s + 2 * n,
                           *restrict e = s + 3 * n, *restrict f = s + 4 * n;
    double *restrict ob = out, *restrict oc = out + n, *restrict od = out + 2 * n, *restrict oe = out + 3 * n;
#pragma omp simd
    for (long long j = 1; j < n - 1; j++) {
        ob[j] = 0.25 * ((a[j] + c[j]) + (b[j - 1] + b[j + 1]));
        oc[j] = 0.25 * ((b[j] + d[j]) + (c[j - 1] + c[j + 1]));
        od[j] = 0.25 * ((c[j] + e[j]) + (d[j - 1] + d[j + 1]));
        oe[j] = 0.25 * ((d[j] + f[j]) + (e[j - 1] + e[j + 1]));
    }
}

void stencil_step(const struct stencil_data *s, long long k, long long lo, long long hi)
{
    const long long n = s->n;
    const double *src = s->grid[k & 1];
    double *dst = s->grid[(k + 1) & 1];
    if (hi > s->rows - 1) hi = s->rows - 1; /* no further than the last interior row */
    long long r = lo;
    for (; r + STENCIL_PASS <= hi; r += STENCIL_PASS) update_rows4(src + r * n, dst + r * n, n);
    for (; r < hi; r++) update_row(src + (r - 1) * n, src + r * n, src + (r + 1) * n, dst + r * n, n);
}

void stencil_block(const struct stencil_data *s, long long id, long long nworkers,
                   long long *lo, long long *hi)
{
    pb_block(s->rows > 2 ? s->rows - 2 : 0, nworkers, id, lo, hi);
    *lo += 1;
    *hi += 1;
}

void stencil_team_steps(long long id, long long nworkers, void *data)
{
    const struct stencil_data *s = data;
    long long lo, hi;
    stencil_block(s, id, nworkers, &lo, &hi);
    for (long long k = 0; k < s->iters; k++) {
        stencil_step(s, k, lo, hi);
        s->sync.wait(s->sync.ctx);
    }
}

/* Worker id of nworkers writes both grids' rows of its block first, and
 * the edge rows next to it (halo or boundary). */
static void stencil_first_touch(long long id, long long nworkers, void *data)
{
    const struct stencil_data *s = data;
    long long lo, hi;
    stencil_block(s, id, nworkers, &lo, &hi);
    if (lo == hi) return;
    if (lo == 1) lo = 0;
    if (hi == s->rows - 1) hi = s->rows;
    fill_rows(s, s->grid[0], lo, hi);
    fill_rows(s, s->grid[1], lo, hi);
}

/* ---- the workload's hooks ------------------------------------------------ */

static size_t round_up(size_t bytes, size_t to) { return (bytes + to - 1) / to * to; }

/* Which interior rows this rank updates, and its neighbours: the blocks of
 * the N-2 interior rows; ranks past the last row hold none. */
static void split_rows(struct stencil_data *s, int rank, int nranks)
{
    long long lo, hi, next_lo = 0, next_hi = 0;
    pb_block(s->n - 2, nranks, rank, &lo, &hi);
    if (rank + 1 < nranks) pb_block(s->n - 2, nranks, rank + 1, &next_lo, &next_hi);
    s->up = s->down = -1;
    if (hi == lo) return;
    s->row0 = lo;        /* global row lo + 1 is local row 1 */
    s->rows = hi - lo + 2;
    if (rank > 0) s->up = rank - 1;
    if (next_hi > next_lo) s->down = rank + 1;
}

static int stencil_prepare(struct pb_run *run, char *err, size_t errlen)
{
    struct pb_opts *o = &run->opt;
    if (!o->iters) o->iters = STENCIL_ITERS;
    if (o->size < 3) {
        snprintf(err, errlen, "--size %lld: the grid needs at least 3 x 3 points, "
                 "so that one is inside", o->size);
        return PB_EXIT_USAGE;
    }
    char what[96];
    snprintf(what, sizeof what, "--size %lld (2 grids of N x N doubles)", o->size);
    double n = (double)o->size;
    int rc = pb_check_memory(2.0 * sizeof(double) * n * n, what, err, errlen);
    if (rc != PB_EXIT_OK || o->check) return rc;

    struct stencil_data *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return PB_EXIT_FAILED;
    }
    run->data = s;
    s->n = o->size;
    s->iters = o->iters;
    s->scale = 1.0 / ((n - 1.0) * (n - 1.0));
    split_rows(s, run->rank, run->nranks);
    s->sines = malloc((size_t)s->n * sizeof(double));
    s->row_sums = malloc((size_t)s->n * sizeof(double));
    if (!s->sines || !s->row_sums) {
        snprintf(err, errlen, "out of memory for rows of %lld points", s->n);
        return PB_EXIT_FAILED;
    }
    for (long long i = 0; i < s->n; i++) s->sines[i] = sin(M_PI * (double)i / (n - 1.0));
    /* Both grids in one mapping, the second 2048 bytes into a page, so that
     * a point and its update do not share address bits 0-11 (4K aliasing).
     * Its pages stay unplaced until the first touch. */
    size_t stride = round_up((size_t)(s->rows * s->n) * sizeof(double), STENCIL_PAGE) +
                    STENCIL_PAGE;
    s->map_bytes = 2 * stride;
    s->map = pb_pages(s->map_bytes);
    if (!s->map) {
        snprintf(err, errlen, "cannot map %.1f MiB for the grids: %s",
                 (double)s->map_bytes / 1048576.0, strerror(errno));
        return PB_EXIT_FAILED;
    }
    s->grid[0] = s->map;
    s->grid[1] = (void *)((char *)s->map + stride + 2048);
    return PB_EXIT_OK;
}

/* Every run starts from the initial grid. The pages stay where the set-up
 * placed them; grid[1] needs nothing: each step writes all its interior. */
static void stencil_reset(struct pb_run *run)
{
    struct stencil_data *s = run->data;
    fill_rows(s, s->grid[0], 0, s->rows);
}

/* Each process compares every point it answers for with the exact solution
 * and sums each of its rows; rank 0 adds the row sums in row order, so the
 * checksum is the same bit for bit however the rows were split. */
static void stencil_combine(struct pb_run *run, struct pb_answer *ans)
{
    struct stencil_data *s = run->data;
    const long long n = s->n;
    const double *u = s->grid[s->iters & 1];
    const double left = decay(s, s->iters);
    /* the boundary rows belong to the processes whose blocks touch them */
    long long lo = s->row0 == 0 ? 0 : 1;
    long long hi = s->row0 + s->rows == n ? s->rows : s->rows - 1;
    double worst = 0.0;
    memset(s->row_sums, 0, (size_t)n * sizeof(double));
    for (long long r = lo; r < hi; r++) {
        const double *row = u + r * n;
        double sum = 0.0;
        for (long long j = 0; j < n; j++) {
            double e = fabs(row[j] - exact(s, s->row0 + r, j, left));
            if (!(e <= worst)) worst = isnan(e) ? INFINITY : e;
            sum += row[j];
        }
        s->row_sums[s->row0 + r] = sum;
    }
    pb_comm_sum_doubles(s->row_sums, n);
    s->max_err = pb_comm_max_double(worst);
    ans->exact = 0;
    ans->d = 0.0;
    for (long long g = 0; g < n; g++) ans->d += s->row_sums[g];
}

/* Rounding: a step adds at most about 2 eps max|u| to a point, and steps
 * do not amplify earlier errors (the average of four neighbours never
 * exceeds the largest of them), so after k steps every point is within
 * (2k + 8) eps max|u| of the exact value, the 8 for rounding the initial
 * and exact values; the tolerance doubles that, with max|u| <= 1 + BUMP.
 * The sum of N^2 points adds N^2 times that error plus the rounding of the
 * sums, relative to a sum of at least N^2/4. */
static int stencil_verify(const struct pb_run *run, const struct pb_answer *ans, char *why,
                          size_t len)
{
    const struct stencil_data *s = run->data;
    const double n = (double)s->n;
    double tol = (4.0 * (double)s->iters + 16.0) * DBL_EPSILON * (1.0 + STENCIL_BUMP);
    if (!(s->max_err <= tol)) {
        snprintf(why, len, "a point differs from the exact solution by %.3g, more than %.3g",
                 s->max_err, tol);
        return 0;
    }
    double cot = 1.0 / tan(M_PI / (2.0 * (n - 1.0))); /* sum of the sines */
    double want = n * n / 4.0 + STENCIL_BUMP * decay(s, s->iters) * cot * cot;
    double rel = 4.0 * tol + (2.0 * n + 16.0) * DBL_EPSILON;
    if (!pb_close(ans->d, want, rel)) {
        snprintf(why, len, "the sum of the grid is %.17g, expected %.17g (to %.3g)", ans->d,
                 want, rel);
        return 0;
    }
    return 1;
}

/* Million point updates per second, and the bandwidth they imply at 16
 * bytes per update (read a point, write its update). */
static void stencil_metrics(const struct pb_run *run, const struct pb_answer *ans,
                            double seconds, char *buf, size_t len)
{
    (void)ans;
    const struct stencil_data *s = run->data;
    double inner = (double)(s->n - 2);
    double per_s = seconds > 0.0 ? inner * inner * (double)s->iters / seconds : 0.0;
    snprintf(buf, len, " iters=%lld mlups=%.3f gbps=%.3f", s->iters, per_s / 1e6,
             16.0 * per_s / 1e9);
}

static void stencil_release(struct pb_run *run)
{
    struct stencil_data *s = run->data;
    if (!s) return;
    pb_pages_free(s->map, s->map_bytes);
    free(s->sines);
    free(s->row_sums);
    free(s);
    run->data = NULL;
}

const struct pb_workload pb_workload = {
    .name = "stencil",
    .about = "--iters Jacobi steps (default 20) of the 2-D heat equation, 5-point "
             "stencil on an N x N grid: bandwidth with a halo exchange or barrier every step",
    .size_unit = "grid side N (N x N points)",
    .options = PB_OPT_ITERS,
    .default_size = 4000,
    .max_size = 10000000,
    .prepare = stencil_prepare,
    .reset = stencil_reset,
    .combine = stencil_combine,
    .verify = stencil_verify,
    .release = stencil_release,
    .metrics = stencil_metrics,
    .first_touch = stencil_first_touch,
};
