/* hybrid/model.c -- MPI ranks, each with a team of --threads OpenMP threads. */
#include <mpi.h>
#include <omp.h>
#include <stdio.h>

#include "omp_team.h"
#include "parbench.h"

/* Settles --threads and --workers (ranks x threads) and checks that nothing
 * caps this rank's team below --threads (each kernel's region checks its
 * team too). Returns
 * PB_EXIT_OK, PB_EXIT_USAGE with the reason in err when --workers does not
 * match, or PB_EXIT_FAILED when the MPI library or the OpenMP runtime
 * cannot give that team. */
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
    /* --check without mpirun (a singleton) validates the run --workers
     * asks for: its ranks stand in for this one */
    if (o->check && run->nranks == 1 && o->workers_set) {
        if (o->workers % o->threads != 0) {
            snprintf(err, errlen, "--workers %lld is not a multiple of --threads %lld",
                     o->workers, o->threads);
            return PB_EXIT_USAGE;
        }
        run->nranks = (int)(o->workers / o->threads);
    }
    long long workers = run->nranks * o->threads;
    if (o->workers_set && o->workers != workers) {
        snprintf(err, errlen, "--workers %lld does not match %d ranks x %lld threads",
                 o->workers, run->nranks, o->threads);
        return PB_EXIT_USAGE;
    }
    o->workers = workers;
    return pb_omp_set_team(o->threads, err, errlen);
}

const struct pb_model pb_model = {
    .name = "hybrid",
    .options = PB_OPT_THREADS,
    .mpi = 1,
    .mpi_threads = 1,
    .configure = hybrid_configure,
    .team = pb_omp_team,
};
