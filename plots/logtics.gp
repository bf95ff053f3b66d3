# plots/logtics.gp -- labelled y tics for a log axis between LT_LO and LT_HI
# (loaded through style.gp's log_tics(); never run on its own): 1, 2 and 5
# times the powers of ten, or every integer multiple when that gives fewer
# than three tics.
set ytics () format "%g"
LT_N = 0
do for [k = floor(log10(LT_LO)):ceil(log10(LT_HI))] {
    do for [m in "1 2 5"] {
        v = real(m) * 10.0 ** k
        if (v >= LT_LO && v <= LT_HI) { set ytics add (sprintf("%g", v) v); LT_N = LT_N + 1 }
    }
}
if (LT_N < 3) {
    set ytics ()
    do for [k = floor(log10(LT_LO)):ceil(log10(LT_HI))] {
        do for [m = 1:9] {
            v = m * 10.0 ** k
            if (v >= LT_LO && v <= LT_HI) { set ytics add (sprintf("%g", v) v) }
        }
    }
}
