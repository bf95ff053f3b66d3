/* mandelbrot.h -- escape-time iteration over an N x N picture of the
 * Mandelbrot set. Rows run along the real axis, so the cardioid fills the
 * lower half and the work per row is far from even. */
#ifndef PARBENCH_MANDELBROT_H
#define PARBENCH_MANDELBROT_H

#include <stdatomic.h>
#include <stdint.h>

struct mandel_data {
    long long n;        /* the picture is n x n pixels, row-major */
    long long max_iter; /* iteration cap per pixel */
    int dynamic;        /* --schedule dynamic (1) or static (0) */
    uint32_t *counts;   /* n*n iterations per pixel: the output */
    uint32_t *ref;      /* rank 0: the serial reference, from prepare */
    const char *image;  /* rank 0: --image FILE, or NULL */
    int image_written;
};

/* Computes row r of the picture into out[0..n): the iterations each pixel
 * takes to escape, or max_iter. Every model calls this for every row. */
void mandel_row(const struct mandel_data *d, long long r, uint32_t *out);

/* Where row r lands in an n x n array of counts. */
static inline uint32_t *mandel_at(const struct mandel_data *d, uint32_t *counts, long long r)
{
    return counts + r * d->n;
}

/* For the team models (pthreads, fork): worker id of nworkers computes its
 * block of rows (next is NULL) or takes rows one at a time from the shared
 * counter next until none is left, writing them into counts. */
struct mandel_team {
    const struct mandel_data *d;
    uint32_t *counts;
    atomic_llong *next;
};
void mandel_team_work(long long id, long long nworkers, void *team);

#endif
