/* triad.h -- STREAM's triad a[i] = b[i] + s*c[i], swept --iters times over
 * arrays much larger than the caches: memory bandwidth. */
#ifndef PARBENCH_TRIAD_H
#define PARBENCH_TRIAD_H

#include <stddef.h>

#include "triadsweep.h"

struct triad_data {
    long long n;       /* elements in each array, over all processes */
    long long first;   /* global index of this process's element 0 */
    long long count;   /* elements this process holds: all, or a rank's slice */
    long long iters;   /* sweeps per run */
    const struct triad_sweep *sweep; /* the loop: --isa's variant, regular stores */
    double *a, *b, *c; /* count elements each, all in one mapping */
    void *map;
    size_t map_bytes;
    double wrong;       /* after combine, on rank 0: elements of a that are wrong */
    double first_wrong; /* and the global index of the first of them */
};

/* Sweeps elements [lo, hi) iters times: a = b + 3c. Indices are global;
 * the range lies in this process's slice [first, first + count). The one
 * sweep loop every model runs. */
void triad_sweeps(const struct triad_data *t, long long lo, long long hi);

/* For the team models (pthreads, fork, openmp): worker id of nworkers
 * sweeps its block (pb_block) of the process's elements. The first touch
 * (pb_workload.first_touch) gives each worker the same block. */
void triad_team_sweeps(long long id, long long nworkers, void *data);

#endif
