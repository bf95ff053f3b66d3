# generated from models.conf: one line type per model, in registry order
MODELS = "serial pthreads fork openmp mpi hybrid pythreads pyprocs"
NMODELS = 8
BASELINE = "serial"
set linetype 1 lc rgb "#555555" lw 2 pt 7 ps 1.4 dt solid
set linetype 2 lc rgb "#0072b2" lw 2 pt 5 ps 1.4 dt solid
set linetype 3 lc rgb "#d55e00" lw 2 pt 9 ps 1.4 dt solid
set linetype 4 lc rgb "#009e73" lw 2 pt 13 ps 1.4 dt solid
set linetype 5 lc rgb "#cc79a7" lw 2 pt 11 ps 1.4 dt solid
set linetype 6 lc rgb "#e69f00" lw 2 pt 15 ps 1.4 dt solid
set linetype 7 lc rgb "#56b4e9" lw 2 pt 6 ps 1.4 dt solid
set linetype 8 lc rgb "#f0e442" lw 2 pt 8 ps 1.4 dt solid
