/* report.c -- result lines: key=value pairs separated by single spaces. */
#include <stdio.h>

#include "report.h"

void pb_format_checksum(char *buf, size_t len, const struct pb_answer *ans)
{
    if (ans->exact)
        snprintf(buf, len, "%llu", (unsigned long long)ans->u);
    else
        snprintf(buf, len, "%.17g", ans->d);
}

int pb_format_result(char *buf, size_t len, const struct pb_run *run,
                     long long rep, double seconds, const struct pb_answer *ans,
                     int verified)
{
    const struct pb_opts *o = &run->opt;
    char sum[64], mpi[64] = "";
    pb_format_checksum(sum, sizeof sum, ans);
    if (pb_model.mpi)
        snprintf(mpi, sizeof mpi, " ranks=%d threads=%lld", run->nranks, o->threads);
    char extra[256] = "";
    if (verified && pb_workload.metrics)
        pb_workload.metrics(run, ans, seconds, extra, sizeof extra);
    int n = snprintf(buf, len,
                     "workload=%s model=%s workers=%lld%s size=%lld rep=%lld "
                     "seconds=%.9f checksum=%s verified=%s%s",
                     pb_workload.name, pb_model.name, o->workers, mpi, o->size,
                     rep, seconds, sum, verified ? "yes" : "no", extra);
    return (n < 0 || (size_t)n >= len) ? -1 : n;
}
