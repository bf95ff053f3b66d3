# plots/speedup.gp -- speedup against workers, one line per model.
# usage: gnuplot -c plots/speedup.gp DATA OUT [TITLE [CAPTION [CORES [FITS]]]]
#   DATA     per-workload time file (columns in scan.gp)
#   OUT      output file; .png, .svg or .pdf picks the terminal
#   CORES    physical cores: worker counts above it are shaded
#   FITS     when given, the Amdahl fits are written there, one line per
#            model: "model f f_err n pmax": n worker counts above 1, up to
#            pmax, were fitted (f_err "-" when the fit is exact)
# The baseline of each model is its own median at 1 worker, found with stats.

HERE = ""
do for [i = strlen(ARG0):1:-1] { if (HERE eq "" && ARG0[i:i] eq "/") { HERE = ARG0[1:i] } }
DATA = ARG1
TITLE = ARG3
CAPTION = ARG4
CORES = (ARG5 eq "" || ARG5 eq "unknown") ? 0 : real(ARG5)
load HERE . "style.gp"
load HERE . "scan.gp"

if (ARGC >= 6 && ARG6 ne "") {
    set print ARG6
    do for [b = 1:NB] {
        if (AN[b] > 0) {
            print sprintf("%s %.6g %s %d %g", NAME[b], AF[b], (AE[b] == AE[b]) ? sprintf("%.3g", AE[b]) : "-", AN[b], AP[b])
        }
    }
    unset print
}

eval term_for(ARG2, 960, 600)
set output ARG2
load HERE . "speedup-panel.gp"
unset output
