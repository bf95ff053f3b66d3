/* omp_team.h -- pb_model.team of the OpenMP models (openmp, hybrid): the
 * threads of one parallel region. Included by their model.c, which is
 * compiled with -fopenmp. */
#ifndef PARBENCH_OMP_TEAM_H
#define PARBENCH_OMP_TEAM_H

#include <omp.h>

#include "parbench.h"

static inline int pb_omp_team(const struct pb_run *run, pb_work_fn fn, void *arg)
{
    (void)run;
#pragma omp parallel
    fn(omp_get_thread_num(), omp_get_num_threads(), arg);
    return PB_EXIT_OK;
}

#endif
