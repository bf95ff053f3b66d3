/* stencil.h -- Jacobi iteration of the 2-D heat equation: a 5-point stencil
 * over an N x N grid whose outer points are held fixed, two grids swapped
 * each step, a halo exchange or barrier between steps. */
#ifndef PARBENCH_STENCIL_H
#define PARBENCH_STENCIL_H

#include <stddef.h>

#include "parbench.h"

struct stencil_data {
    long long n;     /* grid side N */
    long long iters; /* Jacobi steps per run */
    double scale;    /* 1 / (N-1)^2 */
    /* This process's rows: its block of interior rows and one row either
     * side (a neighbour's edge row, or the fixed boundary row). Local row r
     * is global row row0 + r; rows is 0 for an MPI rank with no block. */
    long long row0, rows;
    int up, down;      /* MPI ranks of the blocks above and below; -1: none */
    double *grid[2];   /* rows x n each; step k reads grid[k % 2] */
    void *map;         /* the one mapping that holds both grids */
    size_t map_bytes;
    double *sines;     /* sin(pi i / (N-1)) for i < N */
    double *row_sums;  /* N sums, for combine */
    double max_err;    /* after combine, on rank 0: largest error of a point */
    struct pb_barrier sync; /* the team models' barrier between steps */
};

/* Step k on local rows [lo, hi), hi at most the last interior row's end
 * (a larger one is taken as it): the 5-point average of grid[k % 2] into
 * grid[(k + 1) % 2], STENCIL_PASS rows per pass. The one update loop
 * every model runs. */
#define STENCIL_PASS 4
void stencil_step(const struct stencil_data *s, long long k, long long lo, long long hi);

/* Worker id of nworkers' block (pb_block) of local interior rows [*lo, *hi). */
void stencil_block(const struct stencil_data *s, long long id, long long nworkers,
                   long long *lo, long long *hi);

/* For the team models (pthreads, fork): worker id of nworkers runs every
 * step on its block of the interior rows, waiting at s->sync
 * after each. The first touch (pb_workload.first_touch) gives each worker
 * the same block; a static OpenMP loop over the rows, STENCIL_PASS at a
 * time, splits them nearly the same way in GCC's runtime (contiguous
 * blocks, at most STENCIL_PASS rows from these). */
void stencil_team_steps(long long id, long long nworkers, void *data);

#endif
