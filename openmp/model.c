/* openmp/model.c -- OpenMP threads: a team of --workers threads (default
 * OMP_NUM_THREADS), never resized by the runtime. */
#include <omp.h>

#include "omp_team.h"
#include "parbench.h"

static int openmp_configure(struct pb_run *run, char *err, size_t errlen)
{
    (void)err, (void)errlen;
    if (!run->opt.workers_set) run->opt.workers = omp_get_max_threads();
    omp_set_dynamic(0);
    omp_set_num_threads((int)run->opt.workers);
    return PB_EXIT_OK;
}

const struct pb_model pb_model = {
    .name = "openmp",
    .configure = openmp_configure,
    .team = pb_omp_team,
};
