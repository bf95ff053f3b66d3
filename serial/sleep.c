/* serial/sleep.c -- every task in turn. */
#include "parbench.h"
#include "workloads/sleep.h"

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    struct sleep_data *s = run->data;
    for (long long t = 0; t < sleep_ntasks(s); t++) s->results[t] = sleep_task(s, t);
    return PB_EXIT_OK;
}
