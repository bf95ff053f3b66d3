# plots/size.gp -- the size study: bandwidth against the working set, one
# line per model and worker count, the machine's caches marked.
# usage: gnuplot -c plots/size.gp DATA OUT CACHES [TITLE [CAPTION]]
#   DATA     W-size.dat, one block per model and worker count, blocks
#            separated by two blank lines, columns: 1 model line type
#            (models.gp)  2 model  3 workers  4 working set (bytes)
#            5 GB/s at the median time  6 low  7 high (the rates at the ends
#            of that time's 95 % interval, the error bar)
#   CACHES   one line per cache level of this machine (from sysfs, in
#            meta.json): 1 level  2 size in bytes; each is a vertical line.
#            "" draws none.
#   OUT      output file; .png, .svg or .pdf picks the terminal
# The models.gp of the registry must be next to DATA. This script computes
# nothing.

HERE = ""
do for [i = strlen(ARG0):1:-1] { if (HERE eq "" && ARG0[i:i] eq "/") { HERE = ARG0[1:i] } }
DATA = ARG1
CACHES = ARG3
TITLE = ARG4
CAPTION = ARG5
load HERE . "style.gp"
set autoscale xy
stats DATA using 4 nooutput
NB = STATS_blocks
XMIN = STATS_min
XMAX = STATS_max
stats DATA using 7 nooutput
TOP = STATS_max
# the caches, read before any range is set (stats keeps only points inside)
NC = 0
if (CACHES ne "") {
    stats CACHES using 2 nooutput name "C"
    NC = int(C_records)
}
array CL[NC > 0 ? NC : 1]
array CB[NC > 0 ? NC : 1]
do for [i = 1:NC] {
    stats CACHES every ::(i - 1)::(i - 1) using 1 nooutput name "CLV"
    CL[i] = int(CLV_max)
    stats CACHES every ::(i - 1)::(i - 1) using 2 nooutput name "CBV"
    CB[i] = CBV_max
}
# each block's line type (its model) and workers
array BLT[NB]
array BP[NB]
do for [b = 1:NB] {
    stats DATA index (b - 1) using 1 nooutput name "BL"
    BLT[b] = int(BL_min)
    stats DATA index (b - 1) using 3 nooutput name "BW"
    BP[b] = int(BW_max)
}

eval term_for(ARG2, 960, 600)
set output ARG2
set logscale x 2
set xrange [XMIN / 1.5 : XMAX * 1.5]
set yrange [0 : TOP * 1.12]
# tics at 4 KiB, 16 KiB, ... in KiB, MiB, GiB
set xtics ()
do for [e = 12:40:2] {
    V = 2.0 ** e
    if (V >= XMIN / 1.5 && V <= XMAX * 1.5) {
        set xtics add (sprintf("%d %s", int(V / 2.0 ** (e >= 30 ? 30 : e >= 20 ? 20 : 10)), e >= 30 ? "GiB" : e >= 20 ? "MiB" : "KiB") V)
    }
}
set xlabel "working set (bytes: every array of the workload)"
set ylabel "memory bandwidth (GB/s)"
set key at graph 0.98, graph 0.9 right top
do for [i = 1:NC] {
    set arrow (10 + i) from first CB[i], graph 0 to first CB[i], graph 1 nohead ls 21 front
    set label (10 + i) (CB[i] >= 1048576 ? sprintf("L%d: %.0f MiB", CL[i], CB[i] / 1048576) : sprintf("L%d: %.0f KiB", CL[i], CB[i] / 1024)) at first CB[i], graph 0.97 offset 0.4, 0 left font ",9" tc rgb "#666666" front
}
PLOT = "plot"
do for [b = 1:NB] {
    PLOT = PLOT . sprintf("%s DATA index %d using 4:5:6:7 with yerrorlines lt %d dt %d title '%s, %d worker%s'", \
        (b > 1 ? "," : ""), b - 1, BLT[b], (BP[b] > 1 ? 2 : 1), word(MODELS, BLT[b]), BP[b], (BP[b] > 1 ? "s" : ""))
}
eval PLOT
unset output
