/* report.c -- result lines: key=value pairs separated by single spaces. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
                     "seconds=%.9f checksum=%s verified=%s%s%s%s",
                     pb_workload.name, pb_model.name, o->workers, mpi, o->size,
                     rep, seconds, sum, verified ? "yes" : "no", extra,
                     run->cpus[0] ? " cpus=" : "", run->cpus);
    return (n < 0 || (size_t)n >= len) ? -1 : n;
}

/* ---- CPU lists ------------------------------------------------------ */

static int bit_set(const unsigned long *bits, size_t i)
{
    const size_t w = 8 * sizeof *bits;
    return (bits[i / w] >> (i % w)) & 1UL;
}

int pb_format_cpus(char *buf, size_t len, const unsigned long *bits, size_t words)
{
    size_t nbits = words * 8 * sizeof *bits, used = 0;
    if (len == 0) return -1;
    buf[0] = '\0';
    for (size_t i = 0; i < nbits; i++) {
        if (!bit_set(bits, i)) continue;
        size_t last = i;
        while (last + 1 < nbits && bit_set(bits, last + 1)) last++;
        int n = (last == i) ? snprintf(buf + used, len - used, "%s%zu", used ? "," : "", i)
                            : snprintf(buf + used, len - used, "%s%zu-%zu", used ? "," : "",
                                       i, last);
        if (n < 0 || (size_t)n >= len - used) return -1;
        used += (size_t)n;
        i = last;
    }
    return (int)used;
}

/* ---- a copy of the result lines ------------------------------------- */

void pb_record_line(const char *line)
{
    static int warned;
    const char *path = getenv("PARBENCH_RECORD");
    if (!path || !*path) return;
    char buf[2048];
    int n = snprintf(buf, sizeof buf, "%s\n", line);
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (n < 0 || (size_t)n >= sizeof buf || fd < 0 || write(fd, buf, (size_t)n) != n) {
        if (!warned) pb_error("PARBENCH_RECORD=%s: %s", path, fd < 0 ? strerror(errno) : "write failed");
        warned = 1;
    }
    if (fd >= 0) close(fd);
}
