/* affinity.c -- where a run's workers were allowed to run: the union of
 * the CPU affinity of every thread of every rank, so that a result line
 * shows threads or ranks stacked on one core. */
#define _GNU_SOURCE
#include <dirent.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/types.h>

#include "comm.h"
#include "parbench.h"
#include "report.h"

#define WORD_BITS (8 * sizeof(unsigned long))
#define WORDS ((CPU_SETSIZE + WORD_BITS - 1) / WORD_BITS)

/* ORs the affinity of thread tid (0: the calling one) into bits. Returns 0,
 * or -1 if it cannot be read (the thread has ended, say). */
static int add_thread(pid_t tid, unsigned long *bits)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(tid, sizeof set, &set) != 0) return -1;
    for (size_t c = 0; c < CPU_SETSIZE; c++)
        if (CPU_ISSET(c, &set)) bits[c / WORD_BITS] |= 1UL << (c % WORD_BITS);
    return 0;
}

/* ORs the affinity of every live thread of this process into bits: the
 * main thread, and the threads a runtime keeps (OpenMP's team). Threads
 * that were joined inherited the process's affinity, which is counted. */
static void add_process(unsigned long *bits)
{
    int found = 0;
    DIR *d = opendir("/proc/self/task");
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            char *end;
            long tid = strtol(e->d_name, &end, 10);
            if (*end == '\0' && tid > 0 && add_thread((pid_t)tid, bits) == 0) found = 1;
        }
        closedir(d);
    }
    if (!found) add_thread(0, bits);
}

void pb_measure_cpus(struct pb_run *run)
{
    unsigned long bits[WORDS] = {0};
    add_process(bits);
    pb_comm_or_bits(bits, (int)WORDS);
    if (pb_format_cpus(run->cpus, sizeof run->cpus, bits, WORDS) < 0)
        run->cpus[0] = '\0'; /* too scattered to list: left out */
}
