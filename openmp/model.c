/* openmp/model.c -- OpenMP threads: a team of --workers threads (default
 * OMP_NUM_THREADS), never resized by the runtime. */
#include <omp.h>

#include "omp_team.h"
#include "parbench.h"

/* Settles --workers and checks that nothing caps the team below it (each
 * kernel's region checks its team too). Returns PB_EXIT_OK, or
 * PB_EXIT_FAILED with the reason in err (OMP_THREAD_LIMIT, say). */
static int openmp_configure(struct pb_run *run, char *err, size_t errlen)
{
    if (!run->opt.workers_set) run->opt.workers = omp_get_max_threads();
    return pb_omp_set_team(run->opt.workers, err, errlen);
}

const struct pb_model pb_model = {
    .name = "openmp",
    .configure = openmp_configure,
    .team = pb_omp_team,
};
