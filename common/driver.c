/* driver.c -- main() of every binary: options, set-up, warm-up, timed
 * repetitions, verification and result lines. The model's pb_kernel() is the
 * only part that differs between binaries of one workload. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "comm.h"
#include "options.h"
#include "parbench.h"
#include "report.h"

/* What stdout holds that must not be lost: NULL while nothing was
 * written, or a lost write was already named. */
static const char *stdout_holds;

/* On rank 0: names a failed write of what stdout holds. Returns
 * PB_EXIT_FAILED. */
static int stdout_lost(int err)
{
    pb_error("cannot write %s: %s", stdout_holds, strerror(err));
    stdout_holds = NULL; /* named once */
    return PB_EXIT_FAILED;
}

/* On rank 0: writes line and a newline to stdout and flushes it. Returns
 * PB_EXIT_OK, or PB_EXIT_FAILED after naming the error. */
static int put_line(const char *line)
{
    stdout_holds = "the result line";
    if (printf("%s\n", line) < 0 || fflush(stdout) != 0) return stdout_lost(errno);
    return PB_EXIT_OK;
}

/* On rank 0: flushes and closes stdout, so that output lost on the way
 * (a full disk, a closed stdout) cannot pass. Returns PB_EXIT_OK, or
 * PB_EXIT_FAILED after naming the error. Nothing written: nothing lost. */
static int close_stdout(void)
{
    if (!stdout_holds) return PB_EXIT_OK;
    errno = 0;
    int bad = fflush(stdout) != 0 || ferror(stdout);
    int err = errno ? errno : EIO;
    if (fclose(stdout) != 0 && !bad) {
        bad = 1;
        err = errno;
    }
    return bad ? stdout_lost(err) : PB_EXIT_OK;
}

/* Ends the run: every rank finalizes, and exits with code, or with
 * PB_EXIT_FAILED if rank 0 could not deliver its output. Collective. */
static int finish(struct pb_run *run, int prepared, int code)
{
    if (prepared && pb_workload.release) pb_workload.release(run);
    int out = (run->rank == 0) ? close_stdout() : PB_EXIT_OK;
    out = pb_comm_bcast_int(out);
    pb_comm_finalize();
    return (out != PB_EXIT_OK && code == PB_EXIT_OK) ? out : code;
}

/* Settles options, model and inputs on every rank (with --check, only
 * validates them). Returns -1 after --help, else the worst status over the
 * ranks; the reason has been printed once. */
static int set_up(struct pb_run *run, int argc, char **argv, int *prepared)
{
    char err[PB_ERRLEN] = "";
    unsigned allowed = pb_workload.options | pb_model.options;
    int rc = pb_parse_options(argc, argv, allowed, pb_workload.default_size,
                              pb_workload.max_size, &run->opt, err, sizeof err);
    if (rc == PB_PARSE_HELP) {
        if (run->rank == 0) {
            stdout_holds = "the help text";
            pb_print_help(stdout, argv[0]);
        }
        return -1;
    }
    rc = (rc == PB_PARSE_OK) ? PB_EXIT_OK : PB_EXIT_USAGE;
    if (rc == PB_EXIT_OK && pb_model.configure) rc = pb_model.configure(run, err, sizeof err);
    if (rc == PB_EXIT_OK && pb_workload.prepare) {
        rc = pb_workload.prepare(run, err, sizeof err);
        *prepared = !run->opt.check;
    }
    int worst = pb_comm_max_int(rc);
    if (worst == PB_EXIT_OK) return PB_EXIT_OK;
    /* The lowest rank that failed names it, so that it shows once: usage
     * errors are the same on every rank, and rank 0 then names them. */
    int first = run->nranks - pb_comm_max_int(rc != PB_EXIT_OK ? run->nranks - run->rank : 0);
    if (run->rank == first) {
        if (run->nranks > 1 && rc != PB_EXIT_USAGE)
            pb_error("rank %d: %s", run->rank, err);
        else
            pb_error("%s", err);
    }
    return worst;
}

/* Lets the model's workers write the workload's data first (untimed).
 * Returns the worst status over the ranks. */
static int first_touch(struct pb_run *run)
{
    if (!pb_workload.first_touch) return PB_EXIT_OK;
    int (*team)(const struct pb_run *, pb_work_fn, void *) =
        pb_model.team ? pb_model.team : pb_team_self;
    return pb_comm_max_int(team(run, pb_workload.first_touch, run->data));
}

/* Runs the kernel once, then lets the workload combine the ranks' shares
 * of the answer (untimed). Returns the worst status over the ranks and in
 * *seconds the time from the first rank's start to the last one's end
 * (pb_comm_span). */
static int run_once(struct pb_run *run, struct pb_answer *ans, double *seconds)
{
    memset(ans, 0, sizeof *ans);
    if (pb_workload.reset) pb_workload.reset(run);
    if (pb_model.mpi) pb_fault_worker_start(run->rank);
    pb_comm_barrier();
    double t0 = pb_now();
    int rc = pb_kernel(run, ans);
    *seconds = pb_comm_span(t0, pb_now());
    rc = pb_comm_max_int(rc);
    if (rc == PB_EXIT_OK && pb_workload.combine) pb_workload.combine(run, ans);
    return rc;
}

/* On rank 0: completes and checks the answer. Returns 1 if it is right. */
static int check(struct pb_run *run, struct pb_answer *ans, char *why, size_t len)
{
    if (pb_workload.checksum) pb_workload.checksum(run, ans);
    if (pb_fault_kind() == PB_FAULT_WRONG) {
        if (ans->exact) ans->u += 1;
        else ans->d *= 1.0 + 1e-6;
    }
    return pb_workload.verify(run, ans, why, len);
}

/* On rank 0: checks repetition rep (warm-ups are rep <= 0), keeps what a
 * verified answer leaves, and writes the result line of a timed
 * repetition or a wrong answer. Returns PB_EXIT_OK, PB_EXIT_WRONG, or
 * PB_EXIT_FAILED (what the answer leaves could not be kept, or the line
 * could not be written), after naming the problem. */
static int judge(struct pb_run *run, struct pb_answer *ans, long long rep, double seconds,
                 int *warned)
{
    char why[PB_ERRLEN] = "";
    int ok = check(run, ans, why, sizeof why);
    /* right, but what it leaves could not be kept: the hook said why */
    if (ok && pb_workload.verified && pb_workload.verified(run) != PB_EXIT_OK)
        return PB_EXIT_FAILED;
    if (rep >= 1 || !ok) {
        char line[1024];
        if (pb_format_result(line, sizeof line, run, rep < 0 ? 0 : rep, seconds, ans, ok) < 0) {
            pb_error("result line too long");
            return PB_EXIT_FAILED;
        }
        /* a result line lost (a full disk, say) must not pass as a run */
        if (put_line(line) != PB_EXIT_OK) return PB_EXIT_FAILED;
        pb_record_line(line);
    }
    if (!ok) {
        pb_error("wrong answer%s: %s", rep < 1 ? " in the warm-up run" : "", why);
        return PB_EXIT_WRONG;
    }
    if (rep >= 1 && !*warned && seconds < 1000.0 * pb_tick()) {
        pb_error("warning: %.3g s is under 1000 ticks of the timer (%.3g s); "
                 "use a larger --size for a trustworthy time", seconds, pb_tick());
        *warned = 1;
    }
    return PB_EXIT_OK;
}

int main(int argc, char **argv)
{
    struct pb_run run;
    memset(&run, 0, sizeof run);
    pb_fault_init();
    pb_comm_init(&argc, &argv, pb_model.mpi_threads);
    run.rank = pb_comm_rank();
    run.nranks = pb_comm_size();

    int prepared = 0;
    int rc = set_up(&run, argc, argv, &prepared);
    if (rc < 0 || (rc == PB_EXIT_OK && run.opt.check)) /* --help, --check */
        return finish(&run, prepared, PB_EXIT_OK);
    if (rc == PB_EXIT_OK) rc = first_touch(&run);
    if (rc != PB_EXIT_OK) return finish(&run, prepared, rc);

    int warned = 0;
    long long total = run.opt.warmup + run.opt.reps;
    for (long long i = 0; i < total; i++) {
        long long rep = i - run.opt.warmup + 1; /* warm-ups are rep <= 0 */
        struct pb_answer ans;
        double seconds;
        rc = run_once(&run, &ans, &seconds);
        if (rc != PB_EXIT_OK) return finish(&run, prepared, rc);
        if (i == 0) pb_measure_cpus(&run); /* the workers exist by now */
        /* rank 0 decides, and every rank ends with its decision */
        rc = (run.rank == 0) ? judge(&run, &ans, rep, seconds, &warned) : PB_EXIT_OK;
        rc = pb_comm_bcast_int(rc);
        if (rc != PB_EXIT_OK) return finish(&run, prepared, rc);
    }
    return finish(&run, prepared, PB_EXIT_OK);
}
