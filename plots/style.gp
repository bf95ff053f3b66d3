# plots/style.gp -- the look every parbench plot shares. Loaded by the plot
# scripts (never run on its own), with HERE (this directory) and DATA (the
# data file) set. It loads the model registry, DATA's models.gp (see
# registry.gp), which fixes one colour and one point type per model as
# gnuplot line types 1..NMODELS, so a model looks the same on every plot.
# No plot script names a model: models.conf is the one place that does.
# It also defines term_for(OUT, W, H), the terminal for an output file,
# and sets the title, the caption and the core-count marker command.

if (!exists("DATA")) {
    set print
    print "plots/style.gp: DATA (the data file) must be set before loading it"
    exit status 1
}
load HERE . "registry.gp"

# Reference lines: the ideal, the core count, the best measurement.
set style line 20 lc rgb "#000000" lw 1.5 dt (8, 6)
set style line 21 lc rgb "#888888" lw 1.2 dt (4, 4)
set style line 22 lc rgb "#b00000" lw 1.5 dt (10, 4)

# No "set encoding": it warns "iconv failed to convert degree sign" in a
# locale that is not UTF-8 (LC_ALL=C), and the cairo and SVG terminals
# draw UTF-8 text (→ × ² µ ±) as it is without it, in any locale.
set border 3 lc rgb "#333333"
set tics nomirror out scale 0.6
set grid xtics ytics lc rgb "#e4e4e4" lw 1 dt solid
set key inside top left vertical Left reverse noautotitle samplen 2.5 spacing 1.2 opaque box lc rgb "#cccccc" width 1
set bars small
set datafile missing "-"
set datafile separator whitespace

# term_for(OUT, W, H): the command that selects the terminal for OUT by its
# extension (.png, .svg or .pdf), W x H pixels (PDF: the same at 100 px/inch).
term_for(out, w, h) = (out[strlen(out)-3:] eq ".svg") ? \
        sprintf("set terminal svg size %d,%d font 'DejaVu Sans,13' background rgb 'white'", w, h) : \
    (out[strlen(out)-3:] eq ".pdf") ? \
        sprintf("set terminal pdfcairo size %.2fin,%.2fin font 'DejaVu Sans,10'", w / 100.0, h / 100.0) : \
        sprintf("set terminal pngcairo size %d,%d font 'DejaVu Sans,12' background rgb 'white'", w, h)

# The entry script sets TITLE, CAPTION and CORES (0: unknown) from its
# arguments before loading this file (load resets ARGC and ARG1-ARG9).
if (!exists("TITLE")) TITLE = ""
if (!exists("CAPTION")) CAPTION = ""
if (!exists("CORES")) CORES = 0

set title TITLE font ",13" noenhanced
if (CAPTION ne "") {
    set label 99 CAPTION at screen 0.01, screen 0.02 left font ",9" tc rgb "#555555" noenhanced
    set bmargin 5.5
}

# cores_cmd shades the worker counts above the physical cores (eval it).
CORES_FMT = "more workers than the %g physical cores →"
cores_cmd = "set object 1 rect from first CORES, graph 0 to graph 1, graph 1 behind fc rgb '#f3f0e6' fs solid 1.0 noborder; " . \
    "set tmargin 4; set arrow 1 from first CORES, graph 0 to first CORES, graph 1 nohead ls 21 front; " . \
    "set label 1 sprintf(CORES_FMT, CORES) at first CORES, graph 1 offset 0.5, 0.6 left font ',9' tc rgb '#666666' front"

# log_tics(LO, HI): the command that puts labelled tics at 1, 2 and 5 times
# the powers of ten between LO and HI (every integer multiple when that
# gives fewer than three), for log axes that span less than a decade.
log_tics(lo, hi) = sprintf("LT_LO = %.9g; LT_HI = %.9g; load HERE.'logtics.gp'", lo, hi)
