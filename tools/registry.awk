# tools/registry.awk -- reads the model registry (models.conf) strictly, for
# the Makefile and the tests: `awk -f tools/registry.awk models.conf`.
# Prints each model's eight columns (name dir build flags launch colour
# point checks), in order, separated by OFS (a blank unless -v OFS=:),
# without comments or blank lines. On a malformed line it prints
# "FILE:LINE: what is wrong" on stderr, as scripts/run and
# scripts/parbench/registry.py word it, and exits 2.

# Prints WHY for the current line on stderr and stops with status 2.
function bad(why,    file) {
    file = FILENAME
    sub(/.*\//, "", file)
    printf "%s:%d: %s\n", file, FNR, why > "/dev/stderr"
    failed = 1
    exit 2
}

# Returns 1 if LIST is '-' or comma-separated words that each match RE.
function list_of(list, re,    n, i, w) {
    if (list == "-") return 1
    n = split(list, w, ",")
    for (i = 1; i <= n; i++) if (w[i] !~ re) return 0
    return n > 0
}

# a line is a comment when its first column starts with '#' (a colour's
# '#' is not a comment); a comment may also follow the eighth column
NF == 0 || $1 ~ /^#/ { next }

{
    n = (NF > 8 && $9 ~ /^#/) ? 8 : NF
    if (n != 8) bad(n " columns, not 8 (name dir build flags launch colour point checks)")
    if ($1 !~ /^[a-z][a-z0-9_]*$/ || length($1) > 31) bad("\047" $1 "\047 is not a model name (a-z, 0-9, _)")
    if ($2 !~ /^[a-z][a-z0-9_]*$/ || length($2) > 31) bad("\047" $2 "\047 is not a directory name (a-z, 0-9, _)")
    if ($3 != "cc" && $3 != "mpicc" && $3 != "python") bad("build \047" $3 "\047 is not one of cc, mpicc, python")
    if (!list_of($4, "^-[A-Za-z0-9_=+.-]+$")) bad("flags \047" $4 "\047 are not compiler flags separated by commas")
    if ($5 !~ /^(plain|threads|procs|openmp|mpi|hybrid)$/)
        bad("launch \047" $5 "\047 is not one of plain, threads, procs, openmp, mpi, hybrid")
    if ($6 !~ /^#[0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F][0-9a-fA-F]$/)
        bad("colour \047" $6 "\047 is not #rrggbb")
    if ($7 !~ /^[0-9][0-9]?$/) bad("point type \047" $7 "\047 is not a number from 0 to 99")
    if (!list_of($8, "^(asan|tsan|valgrind)$")) bad("checks \047" $8 "\047 are not among asan, tsan, valgrind")
    if (seen[$1]++) bad("model \047" $1 "\047 is listed twice")
    if ($5 == "plain") plain++
    print $1, $2, $3, $4, $5, $6, $7, $8
}

END {
    if (failed) exit 2
    if (plain != 1) {
        printf "%s: needs exactly one model with launch \047plain\047 (the baseline), has %d\n", \
            FILENAME, plain > "/dev/stderr"
        exit 2
    }
}
