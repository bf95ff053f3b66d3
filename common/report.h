/* report.h -- the result line every binary prints per timed repetition. */
#ifndef PARBENCH_REPORT_H
#define PARBENCH_REPORT_H

#include <stddef.h>

#include "parbench.h"

/* Formats the key=value result line (no newline) into buf. Returns the
 * length, or -1 if buf is too small. */
int pb_format_result(char *buf, size_t len, const struct pb_run *run,
                     long long rep, double seconds, const struct pb_answer *ans,
                     int verified);

/* Formats the checksum alone. */
void pb_format_checksum(char *buf, size_t len, const struct pb_answer *ans);

/* Formats the set bits of bits[0..words) as a CPU list ("0-3,8,10-11"; ""
 * for none). Returns the length, or -1 if buf is too small. */
int pb_format_cpus(char *buf, size_t len, const unsigned long *bits, size_t words);

/* Appends line and a newline to the file named by $PARBENCH_RECORD, if it is
 * set, in one write. Says on stderr, once, if it cannot. */
void pb_record_line(const char *line);

#endif
