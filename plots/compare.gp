# plots/compare.gp -- two runs' speedups for one workload, side by side on
# the same axes (two machines, two compilers, two MPI libraries...).
# usage: gnuplot -c plots/compare.gp DATA_A DATA_B OUT [TITLE [LABEL_A [LABEL_B [CORES_A [CORES_B [CAPTION]]]]]]
#   DATA_A, DATA_B   the two runs' per-workload speedup files,
#                    W-speedup.dat (columns in scan.gp: speedup over the
#                    same model at 1 worker and its 95 % interval, drawn as
#                    given); each run's models.gp must be next to its file
#                    (see registry.gp): each panel takes its line types from
#                    its own run's registry (one file serves both when the
#                    two data files share a directory)
#   OUT              output file; .png, .svg or .pdf picks the terminal
#   LABEL_A/B        panel titles; CORES_A/B the physical cores of each run
# Both panels share the x and y ranges (the y range up to the highest error
# bar of either run) so that their lines compare directly.

HERE = ""
do for [i = strlen(ARG0):1:-1] { if (HERE eq "" && ARG0[i:i] eq "/") { HERE = ARG0[1:i] } }
DATA_A = ARG1
DATA_B = ARG2
OUT = ARG3
TITLE = ARG4
LABEL_A = (ARG5 ne "") ? ARG5 : "A"
LABEL_B = (ARG6 ne "") ? ARG6 : "B"
CORES_A = (ARG7 eq "" || ARG7 eq "unknown") ? 0 : real(ARG7)
CORES_B = (ARG8 eq "" || ARG8 eq "unknown") ? 0 : real(ARG8)
CAPTION = ARG9
DATA = DATA_A
load HERE . "style.gp"
SHOWFIT = 0

# The common ranges (each file read with its own run's registry).
load HERE . "scan.gp"
X1 = XMIN
X2 = XMAX
Y2 = YMAX
DATA = DATA_B
load HERE . "registry.gp"
load HERE . "scan.gp"
X1 = (XMIN < X1) ? XMIN : X1
X2 = (XMAX > X2) ? XMAX : X2
Y2 = (YMAX > Y2) ? YMAX : Y2
YTOP = Y2 * 1.08

eval term_for(OUT, 1400, 620)
set output OUT
set multiplot layout 1, 2 title TITLE font ",14" noenhanced
set title noenhanced font ",12"

DATA = DATA_A
CORES = CORES_A
load HERE . "registry.gp"
load HERE . "scan.gp"
XMIN = X1
XMAX = X2
set title LABEL_A
load HERE . "speedup-panel.gp"

DATA = DATA_B
CORES = CORES_B
load HERE . "registry.gp"
load HERE . "scan.gp"
XMIN = X1
XMAX = X2
set title LABEL_B
unset label 99
load HERE . "speedup-panel.gp"

unset multiplot
unset output
