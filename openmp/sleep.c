/* openmp/sleep.c -- a static schedule hands each thread a block of tasks. */
#include "omp_team.h"
#include "parbench.h"
#include "workloads/sleep.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    struct sleep_data *s = run->data;
    int got = 0;
#pragma omp parallel
    {
        pb_omp_record(&got);
#pragma omp for schedule(static)
        for (long long t = 0; t < sleep_ntasks(s); t++) s->results[t] = sleep_task(s, t);
    }
    return pb_omp_check(run, got);
}
