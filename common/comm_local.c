/* comm_local.c -- the process layer of the single-process models. */
#include <stdlib.h>

#include "comm.h"

void pb_comm_init(int *argc, char ***argv, int threads) { (void)argc, (void)argv, (void)threads; }
void pb_comm_finalize(void) {}
int pb_comm_rank(void) { return 0; }
int pb_comm_size(void) { return 1; }
void pb_comm_barrier(void) {}
double pb_comm_max_double(double v) { return v; }
double pb_comm_span(double start, double end) { return end - start; }
int pb_comm_max_int(int v) { return v; }
void pb_comm_or_bits(unsigned long *bits, int n) { (void)bits; (void)n; }
void pb_comm_sum_doubles(double *buf, long long n) { (void)buf; (void)n; }
int pb_comm_bcast_int(int v) { return v; }
void pb_comm_abort(int code) { exit(code); }

