/* options.h -- strict command-line parsing shared by every binary. */
#ifndef PARBENCH_OPTIONS_H
#define PARBENCH_OPTIONS_H

#include <stdio.h>

#include "parbench.h"

enum { PB_PARSE_OK = 0, PB_PARSE_HELP = 1, PB_PARSE_ERROR = -1 };

/* Copies s into buf (len bytes, at least 4) fit for a one-line message:
 * characters that are not printable become '?', and a value too long for
 * buf is cut, ending in "...". Returns buf. */
const char *pb_shown(const char *s, char *buf, size_t len);

/* Parses a whole decimal number in [min, max]. Returns 0, or -1 with a
 * reason in err ("'2x' is not a whole number", "must be at least 1"). */
int pb_parse_ll(const char *s, long long min, long long max, long long *out,
                char *err, size_t errlen);

/* Fills o from argv, accepting the common options and those in allowed
 * (PB_OPT_* of the workload and the model). Sizes are checked against
 * [1, max_size]. Returns PB_PARSE_OK, PB_PARSE_HELP, or PB_PARSE_ERROR with
 * a one-line reason in err. Prints nothing. */
int pb_parse_options(int argc, char **argv, unsigned allowed,
                     long long default_size, long long max_size,
                     struct pb_opts *o, char *err, size_t errlen);

/* Describes option i of the table pb_parse_options reads, for the tests:
 * its name (without "--"), the PB_OPT_* flag a binary needs to take it (0:
 * every binary), its kind ('n' a whole number, 's' text, 'f' a flag), the
 * offset of its field in struct pb_opts, and its range (numbers; --size's
 * maximum is the workload's). Returns 0, or -1 when i is past the end. */
int pb_option_info(size_t i, const char **name, unsigned *flag, char *kind,
                   size_t *field, long long *min, long long *max);

/* Writes the --help text for the linked model and workload to f. */
void pb_print_help(FILE *f, const char *prog);

#endif
