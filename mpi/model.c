/* mpi/model.c -- MPI ranks: the launcher decides how many workers there are. */
#include <stdio.h>

#include "parbench.h"

/* Settles --workers as the rank count. Returns PB_EXIT_OK, or
 * PB_EXIT_USAGE with the reason in err when --workers differs from it. */
static int mpi_configure(struct pb_run *run, char *err, size_t errlen)
{
    struct pb_opts *o = &run->opt;
    /* --check without mpirun (a singleton) validates the run --workers
     * asks for: its ranks stand in for this one */
    if (o->check && run->nranks == 1 && o->workers_set) run->nranks = (int)o->workers;
    if (o->workers_set && o->workers != run->nranks) {
        snprintf(err, errlen, "--workers %lld does not match the %d ranks mpirun started",
                 o->workers, run->nranks);
        return PB_EXIT_USAGE;
    }
    o->workers = run->nranks;
    o->threads = 1;
    return PB_EXIT_OK;
}

const struct pb_model pb_model = {
    .name = "mpi",
    .mpi = 1,
    .configure = mpi_configure,
};
