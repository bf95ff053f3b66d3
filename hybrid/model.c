/* hybrid/model.c -- MPI ranks, each with a team of --threads OpenMP threads. */
#include <mpi.h>
#include <omp.h>
#include <stdio.h>

#include "omp_team.h"
#include "parbench.h"

static int hybrid_configure(struct pb_run *run, char *err, size_t errlen)
{
    struct pb_opts *o = &run->opt;
    int level;
    MPI_Query_thread(&level);
    if (level < MPI_THREAD_FUNNELED) {
        snprintf(err, errlen, "this MPI library does not support threads (MPI_THREAD_FUNNELED)");
        return PB_EXIT_FAILED;
    }
    if (!o->threads_set) o->threads = omp_get_max_threads();
    long long workers = run->nranks * o->threads;
    if (o->workers_set && o->workers != workers) {
        snprintf(err, errlen, "--workers %lld does not match %d ranks x %lld threads",
                 o->workers, run->nranks, o->threads);
        return PB_EXIT_USAGE;
    }
    o->workers = workers;
    omp_set_dynamic(0);
    omp_set_num_threads((int)o->threads);
    return PB_EXIT_OK;
}

const struct pb_model pb_model = {
    .name = "hybrid",
    .options = PB_OPT_THREADS,
    .mpi = 1,
    .configure = hybrid_configure,
    .team = pb_omp_team,
};
