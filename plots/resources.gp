# plots/resources.gp -- what the runs cost the machine, two panels side by
# side: CPU time against workers, and peak memory against workers, one line
# per model.
# usage: gnuplot -c plots/resources.gp CPU OUT [TITLE [CAPTION [CORES [MEMORY]]]]
#   CPU      W-cpu.dat: one block per model, blocks separated by two blank
#            lines, columns 1 model line type  2 model  3 workers  4 CPU
#            seconds per repetition over the same model's at 1 worker
#            5 lowest  6 highest launch's (the error bar); models.gp must be
#            next to it (see registry.gp)
#   OUT      output file; .png, .svg or .pdf picks the terminal
#   CORES    physical cores: worker counts above it are shaded
#   MEMORY   W-memory.dat, the same columns with peak resident MB
# The values are the Python summarizer's: this script draws them as given.

HERE = ""
do for [i = strlen(ARG0):1:-1] { if (HERE eq "" && ARG0[i:i] eq "/") { HERE = ARG0[1:i] } }
CPU = ARG1
MEMORY = ARG6
TITLE = ARG3
CAPTION = ARG4
CORES = (ARG5 eq "" || ARG5 eq "unknown") ? 0 : real(ARG5)
if (MEMORY eq "") {
    print "plots/resources.gp: usage: gnuplot -c plots/resources.gp CPU OUT [TITLE [CAPTION [CORES [MEMORY]]]]: no MEMORY file"
    exit status 1
}
DATA = CPU
load HERE . "style.gp"
load HERE . "blocks.gp"
CPU_NB = NB
array CPU_LT[NB]
array CPU_NAME[NB]
do for [b = 1:NB] { CPU_LT[b] = LT[b]; CPU_NAME[b] = NAME[b] }
CPU_XMIN = XMIN
CPU_XMAX = XMAX
stats CPU using 6 nooutput
CPU_TOP = (STATS_max > 2) ? STATS_max : 2

DATA = MEMORY
load HERE . "blocks.gp"
XMIN = (CPU_XMIN < XMIN) ? CPU_XMIN : XMIN
XMAX = (CPU_XMAX > XMAX) ? CPU_XMAX : XMAX
set logscale y
stats MEMORY using 5:6 nooutput
MEM_LO = STATS_min_x
MEM_HI = STATS_max_y
unset logscale y

eval term_for(ARG2, 1500, 600)
set output ARG2
set multiplot layout 1, 2 title TITLE font ",13" noenhanced
unset title
set logscale x 2
set xrange [XMIN / 1.25 : XMAX * 1.25]
set xtics 2 format "%g"
set xlabel "workers (threads, processes or ranks)"
if (CORES > 0 && CORES < XMAX) { eval cores_cmd }

# One key, right of the memory panel, serves both: a model has one look.
set ylabel "CPU time per repetition / the same model's at 1 worker"
set yrange [0 : CPU_TOP * 1.1]
set ytics auto format "%g"
unset key
PLOT = "plot 1 ls 20"
do for [b = 1:CPU_NB] {
    PLOT = PLOT . sprintf(", CPU index %d using 3:4:5:6 with yerrorlines lt %d title '%s'", b - 1, CPU_LT[b], CPU_NAME[b])
}
eval PLOT

# The caption sits under the left panel only.
unset label 99
set logscale y
set yrange [MEM_LO / 1.5 : MEM_HI * 1.5]
set ytics auto format "%g"
set ylabel "peak memory, MB (sum over the run's processes)"
set key outside right top vertical
PLOT = "plot"
SEP = ""
do for [b = 1:NB] {
    PLOT = PLOT . SEP . sprintf(" MEMORY index %d using 3:4:5:6 with yerrorlines lt %d title '%s'", b - 1, LT[b], NAME[b])
    SEP = ","
}
eval PLOT
unset multiplot
unset output
