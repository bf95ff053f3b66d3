/* triad.h -- STREAM's triad a[i] = b[i] + s*c[i], swept --iters times over
 * arrays much larger than the caches: memory bandwidth. */
#ifndef PARBENCH_TRIAD_H
#define PARBENCH_TRIAD_H

#include <stddef.h>

struct triad_data {
    long long n;       /* elements in each array, over all processes */
    long long first;   /* global index of this process's element 0 */
    long long count;   /* elements this process holds: all, or a rank's slice */
    long long iters;   /* sweeps per run */
    double *a, *b, *c; /* count elements each, all in one mapping */
    void *map;
    size_t map_bytes;
    double wrong;       /* after combine, on rank 0: elements of a that are wrong */
    double first_wrong; /* and the global index of the first of them */
};

/* For every model: worker id of nworkers takes its block of the process's
 * elements (pb_block) and either writes their first values (the untimed
 * set-up: first touch) or sweeps them iters times (the kernel). A process
 * that is one worker calls these with id 0 of 1. */
void triad_team_init(long long id, long long nworkers, void *data);
void triad_team_sweeps(long long id, long long nworkers, void *data);

#endif
