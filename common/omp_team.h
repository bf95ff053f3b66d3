/* omp_team.h -- the team of the OpenMP models (openmp, hybrid): the threads
 * of one parallel region, and the checks that the runtime gives the team
 * asked for. Included by their model.c and decompositions, which are
 * compiled with -fopenmp. */
#ifndef PARBENCH_OMP_TEAM_H
#define PARBENCH_OMP_TEAM_H

#include <omp.h>
#include <stdio.h>

#include "parbench.h"

/* The threads a team of this process must have: --workers, or --threads
 * per rank for hybrid. */
static inline long long pb_omp_wanted(const struct pb_run *run)
{
    return pb_model.mpi ? run->opt.threads : run->opt.workers;
}

/* Asks the runtime for teams of want threads that it may not shrink
 * (omp_set_dynamic(0)), and checks, starting no thread, that nothing caps
 * them: OMP_THREAD_LIMIT below want, or parallel regions turned off
 * (OMP_MAX_ACTIVE_LEVELS=0). Each region then checks its own team
 * (pb_omp_record, pb_omp_check). Returns PB_EXIT_OK, or PB_EXIT_FAILED
 * with a one-line reason in err. */
static inline int pb_omp_set_team(long long want, char *err, size_t errlen)
{
    const char *per = pb_model.mpi ? " per rank" : "";
    omp_set_dynamic(0);
    omp_set_num_threads((int)want);
    int limit = omp_get_thread_limit();
    if (want > limit) {
        snprintf(err, errlen, "openmp: asked for %lld threads%s, the runtime gives at most %d "
                 "(OMP_THREAD_LIMIT=%d?)", want, per, limit, limit);
        return PB_EXIT_FAILED;
    }
    if (want > 1 && omp_get_max_active_levels() < 1) {
        snprintf(err, errlen, "openmp: asked for %lld threads%s, the runtime runs parallel "
                 "regions with 1 (OMP_MAX_ACTIVE_LEVELS=0?)", want, per);
        return PB_EXIT_FAILED;
    }
    return PB_EXIT_OK;
}

/* Inside a parallel region: thread 0 notes the team's size in *got. */
static inline void pb_omp_record(int *got)
{
    if (omp_get_thread_num() == 0) *got = omp_get_num_threads();
}

/* After a parallel region whose team had got threads. Returns PB_EXIT_OK
 * if that is the run's team (--workers; hybrid: --threads), else
 * PB_EXIT_FAILED after naming the difference. */
static inline int pb_omp_check(const struct pb_run *run, long long got)
{
    long long want = pb_omp_wanted(run);
    if (got == want) return PB_EXIT_OK;
    if (pb_model.mpi)
        pb_error("rank %d: openmp: asked for %lld threads per rank, the runtime gave %lld",
                 run->rank, want, got);
    else
        pb_error("openmp: asked for %lld threads, the runtime gave %lld", want, got);
    return PB_EXIT_FAILED;
}

/* pb_model.team: fn(id, n, arg) on the threads of one parallel region.
 * Returns PB_EXIT_OK, or PB_EXIT_FAILED after naming a team of another
 * size than the run's. */
static inline int pb_omp_team(const struct pb_run *run, pb_work_fn fn, void *arg)
{
    int got = 0;
#pragma omp parallel
    {
        pb_omp_record(&got);
        fn(omp_get_thread_num(), omp_get_num_threads(), arg);
    }
    return pb_omp_check(run, got);
}

#endif
