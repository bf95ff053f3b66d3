# plots/speedup.gp -- speedup against workers, one line per model, with each
# model's Amdahl fit.
# usage: gnuplot -c plots/speedup.gp DATA OUT [TITLE [CAPTION [CORES [FITS]]]]
#   DATA     per-workload speedup file, W-speedup.dat: one block per model,
#            blocks separated by two blank lines, columns
#            1 model line type  2 model  3 workers  4 speedup over the same
#            model at 1 worker  5 low  6 high (its 95 % interval, drawn as
#            the error bar); models.gp must be next to it (see registry.gp)
#   OUT      output file; .png, .svg or .pdf picks the terminal
#   CORES    physical cores: worker counts above it are shaded
#   FITS     the Amdahl fits, computed by the Python core: one line per
#            model, "model f f_err n pmax" (f_err "-" when the fit is exact;
#            n worker counts above 1, up to pmax, were fitted). Each model
#            with a line gets the dashed curve S(p) = 1/(f + (1-f)/p) and f
#            in the key. Lines of models without a block in DATA are
#            ignored; "" (or no argument) draws no fits. The file must hold
#            one line at least (gnuplot warns about an empty file).
# The speedups, their intervals and the fits are the Python summarizer's:
# this script computes none of them, it draws them as given.

HERE = ""
do for [i = strlen(ARG0):1:-1] { if (HERE eq "" && ARG0[i:i] eq "/") { HERE = ARG0[1:i] } }
DATA = ARG1
TITLE = ARG3
CAPTION = ARG4
CORES = (ARG5 eq "" || ARG5 eq "unknown") ? 0 : real(ARG5)
FITS = ARG6
load HERE . "style.gp"
load HERE . "scan.gp"

# The fits, in one pass over FITS: each line fills the arrays of the block
# whose model it names (block_of: that block, 0 for none).
block_of(m, b) = (b > NB) ? 0 : (NAME[b] eq m) ? b : block_of(m, b + 1)
read_fit(b) = (b < 1 || !valid(2)) ? 0 : \
    (AF[b] = $2, AE[b] = valid(3) ? $3 : NaN, AN[b] = valid(4) ? int($4) : 0, AP[b] = valid(5) ? $5 : 0, 1)
if (FITS ne "") {
    stats FITS using (read_fit(block_of(strcol(1), 1))) nooutput name "FITFILE"
    if (!exists("FITFILE_records")) {
        set print
        print sprintf("plots/speedup.gp: %s: missing, unreadable or empty: pass \"\" as FITS when no model has a fit", FITS)
        exit status 1
    }
}

eval term_for(ARG2, 960, 600)
set output ARG2
load HERE . "speedup-panel.gp"
unset output
