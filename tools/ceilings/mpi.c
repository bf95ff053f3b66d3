/* mpi.c -- the costs of MPI between ranks: MPI_Barrier across every rank,
 * and a ping-pong between ranks 0 and 1, of 8 bytes (latency) and of
 * --kib KiB (bandwidth), as the OSU micro-benchmarks measure them: an
 * untimed batch first, then --batches timed batches; a line gives the
 * median batch's microseconds per barrier or per one-way message (half a
 * round trip), and the fastest and slowest batch's. Launch it with
 * mpirun -np 2 (or more: the barrier spans them all, the ping-pong only
 * 0 and 1).
 *
 * Verified: every barrier of every rank is counted and the counts summed;
 * every message carries its round's number in every word, and the echo
 * must come back whole. Rank 0 decides, broadcasts the verdict, and every
 * rank finalizes (or MPI_Abort ends them all): no rank is left waiting. */
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe.h"

const char *const probe_name = "mpi";

#define MAX_BATCHES 100

struct result {
    const char *kind;
    long long bytes, reps;
    double seconds, us, min_us, max_us, gbps;
};

/* ---- failures ------------------------------------------------------------------ */

/* A call that failed on some rank: says which, and ends every rank. */
static void mpi_check(int rc, const char *call)
{
    if (rc == MPI_SUCCESS) return;
    char text[MPI_MAX_ERROR_STRING];
    int len = 0;
    if (MPI_Error_string(rc, text, &len) != MPI_SUCCESS) snprintf(text, sizeof text, "error %d", rc);
    probe_say("%s: %s", call, text);
    MPI_Abort(MPI_COMM_WORLD, PROBE_FAILED);
    exit(PROBE_FAILED);
}

/* ---- barrier --------------------------------------------------------------------- */

/* batches of reps barriers after an untimed one; *count gets the barriers
 * this rank passed. us[b]: batch b's microseconds per barrier (the slowest
 * rank's). */
static void barriers(long long reps, int batches, double *us, long long *count)
{
    for (int b = -1; b < batches; b++) {
        double t0 = MPI_Wtime();
        for (long long i = 0; i < reps; i++) {
            mpi_check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier");
            (*count)++;
        }
        double dt = 1e6 * (MPI_Wtime() - t0) / (double)reps, slowest = 0.0;
        mpi_check(MPI_Allreduce(&dt, &slowest, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD), "MPI_Allreduce");
        if (b >= 0) us[b] = slowest;
    }
}

/* ---- ping-pong ---------------------------------------------------------------- */

/* Fills the words of buf with round r's stamp. */
static void stamp(uint64_t *buf, long long words, long long r)
{
    for (long long i = 0; i < words; i++) buf[i] = (uint64_t)r * 1000003u + (uint64_t)i;
}

/* Counts the words of buf that do not carry round r's stamp. */
static long long unstamped(const uint64_t *buf, long long words, long long r)
{
    long long bad = 0;
    for (long long i = 0; i < words; i++) bad += buf[i] != (uint64_t)r * 1000003u + (uint64_t)i;
    return bad;
}

/* Ranks 0 and 1 bounce words 64-bit words, reps round trips a batch.
 * Rank 0 stamps each round's message and checks the echo: *bad gets the
 * words that came back wrong. us[b]: batch b's one-way microseconds. */
static void pingpong(int rank, long long words, long long reps, int batches, double *us,
                     uint64_t *buf, long long *bad)
{
    int bytes = (int)(words * 8);
    for (int b = -1; b < batches; b++) {
        mpi_check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier");
        double t0 = MPI_Wtime();
        for (long long i = 0; i < reps; i++) {
            long long r = (long long)(b + 1) * reps + i;
            if (rank == 0) {
                /* stamping and checking are untimed only for big messages; for
                 * 8 bytes they cost nanoseconds */
                stamp(buf, words, r);
                mpi_check(MPI_Send(buf, bytes, MPI_BYTE, 1, 1, MPI_COMM_WORLD), "MPI_Send");
                mpi_check(MPI_Recv(buf, bytes, MPI_BYTE, 1, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
                if (words == 1) *bad += unstamped(buf, words, r);
            } else if (rank == 1) {
                mpi_check(MPI_Recv(buf, bytes, MPI_BYTE, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "MPI_Recv");
                mpi_check(MPI_Send(buf, bytes, MPI_BYTE, 0, 2, MPI_COMM_WORLD), "MPI_Send");
            }
        }
        double dt = MPI_Wtime() - t0;
        if (b >= 0) us[b] = 1e6 * dt / (2.0 * (double)reps);
        /* the last echo of the batch, checked whole */
        if (rank == 0 && words > 1) *bad += unstamped(buf, words, (long long)(b + 1) * reps + reps - 1);
    }
}

/* ---- results ------------------------------------------------------------------ */

/* Fills r from the batches' us[] of reps repetitions, each of legs
 * timings (a round trip is 2 one-way messages). */
static void summarize(struct result *r, const char *kind, long long bytes, long long reps,
                      int legs, double *us, int batches)
{
    double total = 0.0;
    for (int b = 0; b < batches; b++) total += us[b] * (double)(reps * legs) * 1e-6;
    r->kind = kind;
    r->bytes = bytes;
    r->reps = reps * batches;
    r->us = probe_median(us, (size_t)batches);
    r->min_us = us[0];
    r->max_us = us[batches - 1];
    r->seconds = total;
    r->gbps = bytes > 8 ? (double)bytes / (r->us * 1e-6) / 1e9 : 0.0;
}

static void print_result(const struct result *r, int ranks)
{
    printf("probe=mpi kind=%s ranks=%d workers=%d bytes=%lld reps=%lld seconds=%.9f us=%.3f "
           "min_us=%.3f max_us=%.3f",
           r->kind, ranks, ranks, r->bytes, r->reps, r->seconds, r->us, r->min_us, r->max_us);
    if (r->gbps > 0) printf(" gbps=%.3f", r->gbps);
    printf(" verified=yes\n");
}

/* ---- main ------------------------------------------------------------------ */

/* This process's rank as the launcher told it, before MPI_Init: 0 when
 * none says (a singleton). */
static int launcher_rank(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v) return atoi(v);
    }
    return 0;
}

int main(int argc, char **argv)
{
    long long reps = 0, batches = 0, kib = 4096, quick = 0;
    const char *kind = NULL;
    const struct probe_opt opts[] = {
        {"reps", "N", 1, 10000000, &reps, "barriers or 8-byte round trips per batch (default 2000; --quick 500)", NULL},
        {"batches", "B", 1, MAX_BATCHES, &batches, "timed batches, the median counts (default 9; --quick 5)", NULL},
        {"kib", "K", 1, 1 << 20, &kib, "KiB of the bandwidth ping-pong's message (default 4096)", NULL},
        {"quick", NULL, 0, 1, &quick, "fewer repetitions: for a sweep's start", NULL},
        {"kind", "K", 0, 0, NULL, "only K: barrier or pingpong (both sizes)", &kind},
    };
    /* The arguments are checked before MPI_Init, by every rank alike, so a
     * bad one stops them all before any waits for another; only rank 0
     * says why. */
    if (launcher_rank() != 0 &&
        (freopen("/dev/null", "w", stderr) == NULL || freopen("/dev/null", "w", stdout) == NULL))
        return PROBE_FAILED;
    probe_parse(argc, argv, opts, sizeof opts / sizeof opts[0],
                "The costs of MPI between ranks: MPI_Barrier over every rank, and a ping-pong "
                "between ranks 0 and 1 of 8 bytes (latency) and of --kib KiB (bandwidth). "
                "Launch it with mpirun -np 2.",
                "One line per measurement on stdout, from rank 0:\n"
                "  probe=mpi kind=barrier|pingpong ranks=R workers=R bytes=B reps=N seconds=S\n"
                "  us=U min_us=L max_us=H [gbps=G] verified=yes\n"
                "us is the median batch's microseconds per barrier or per one-way message,\n"
                "gbps the bandwidth of the big message at that median.\n");

    int want_barrier = !kind || !strcmp(kind, "barrier"), want_pingpong = !kind || !strcmp(kind, "pingpong");
    if (!want_barrier && !want_pingpong) probe_usage("--kind: '%s' is not barrier or pingpong", kind);

    if (MPI_Init(&argc, &argv) != MPI_SUCCESS) {
        probe_say("MPI_Init failed");
        return PROBE_FAILED;
    }
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size < 2) {
        probe_say("needs 2 ranks or more: launch it with mpirun -np 2");
        MPI_Finalize();
        return PROBE_USAGE;
    }
    if (!batches) batches = quick ? 5 : 9;
    if (!reps) reps = quick ? 500 : 2000;
    long long words = kib * 1024 / 8, big_reps = quick ? 10 : 40;
    uint64_t *buf = malloc((size_t)words * 8);
    int have = buf != NULL, all = 0;
    mpi_check(MPI_Allreduce(&have, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD), "MPI_Allreduce");
    if (!all) {
        probe_say("out of memory for a %lld KiB message", kib);
        free(buf);
        MPI_Finalize();
        return PROBE_FAILED;
    }
    memset(buf, 0, (size_t)words * 8);

    double us[MAX_BATCHES];
    struct result res[3];
    int first = want_barrier ? 0 : 1, last = want_pingpong ? 3 : 1;
    long long count = 0, total = 0, bad = 0;
    if (want_barrier) {
        barriers(reps, (int)batches, us, &count);
        summarize(&res[0], "barrier", 0, reps, 1, us, (int)batches);
    }
    if (want_pingpong) {
        pingpong(rank, 1, reps, (int)batches, us, buf, &bad);
        summarize(&res[1], "pingpong", 8, reps, 2, us, (int)batches);
        pingpong(rank, words, big_reps, (int)batches, us, buf, &bad);
        summarize(&res[2], "pingpong", words * 8, big_reps, 2, us, (int)batches);
    }
    free(buf);

    /* rank 0 decides, every rank learns the verdict */
    mpi_check(MPI_Reduce(&count, &total, 1, MPI_LONG_LONG, MPI_SUM, 0, MPI_COMM_WORLD), "MPI_Reduce");
    int verdict = PROBE_OK;
    char why[200] = "";
    long long want = want_barrier ? (batches + 1) * reps * size : 0;
    if (rank == 0) {
        if (probe_fault_wrong()) {
            if (want_pingpong) bad++;
            else total++;
        }
        if (total != want)
            snprintf(why, sizeof why, "%lld barriers passed over the ranks, expected %lld", total, want);
        else if (bad)
            snprintf(why, sizeof why, "%lld words of the ping-pong came back wrong", bad);
        verdict = why[0] ? PROBE_WRONG : PROBE_OK;
    }
    mpi_check(MPI_Bcast(&verdict, 1, MPI_INT, 0, MPI_COMM_WORLD), "MPI_Bcast");
    if (rank == 0) {
        if (verdict == PROBE_OK) {
            for (int i = first; i < last; i++) print_result(&res[i], size);
        } else {
            printf("probe=mpi kind=%s ranks=%d workers=%d verified=no\n",
                   total != want ? "barrier" : "pingpong", size, size);
            probe_say("%s: the answer is wrong", why);
        }
        fflush(stdout);
    }
    MPI_Finalize();
    return verdict;
}
