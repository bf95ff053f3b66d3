/* comm.h -- what the driver needs from the process layer: one process
 * (common/comm_local.c) or MPI ranks (common/comm_mpi.c), chosen at link time. */
#ifndef PARBENCH_COMM_H
#define PARBENCH_COMM_H

/* threads: the process runs threads besides the one that calls MPI. */
void pb_comm_init(int *argc, char ***argv, int threads);
void pb_comm_finalize(void);
int pb_comm_rank(void);
int pb_comm_size(void);
void pb_comm_barrier(void);
/* Maxima over all ranks, known to every rank. */
double pb_comm_max_double(double v);
/* The seconds a part timed on every rank from start to end (pb_now())
 * took, known to every rank: from the earliest start to the latest end
 * when the ranks share one clock (one node), else the longest rank's own.
 * Ranks that share CPUs take turns, and each one's own time then leaves
 * out the others' turns: two ranks on one CPU timed half of one rank's. */
double pb_comm_span(double start, double end);
int pb_comm_max_int(int v);
/* Bitwise OR of bits[0..n) over all ranks, in place on every rank. */
void pb_comm_or_bits(unsigned long *bits, int n);
/* Adds buf[0..n) over all ranks into rank 0's buf; the other ranks' buf
 * is left unchanged. */
void pb_comm_sum_doubles(double *buf, long long n);
/* Rank 0's value, known to every rank. */
int pb_comm_bcast_int(int v);
/* Ends every rank now with status code. */
void pb_comm_abort(int code) __attribute__((noreturn));
/* Wall-clock seconds (CLOCK_MONOTONIC) and its resolution. */
double pb_now(void);
double pb_tick(void);

#endif
