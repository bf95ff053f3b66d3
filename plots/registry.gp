# plots/registry.gp -- loads the model registry of the data file DATA: the
# file models.gp in DATA's directory, which the Python core generates from
# models.conf next to the data files. Loaded by style.gp, and by compare.gp
# once per run (never run on its own); a missing or malformed models.gp
# stops the plot with a message naming it. models.gp must define:
#   MODELS    the model names, separated by blanks, in registry order
#   NMODELS   their number
#   set linetype I ...   model I's colour, width, point type and size, for
#                        I = 1..NMODELS
# so that a data file's line type column (the model's 1-based registry
# position) picks both its name, word(MODELS, lt), and its look, lt lt.
# time.gp also reads BASELINE, the model whose 1-worker time the plain
# scaling line divides ("" for none), when models.gp defines it.
# Sets DATADIR (DATA's directory, with its trailing "/"; "" for the current
# directory) and resets the y range (stats counts only points inside it).

DATADIR = ""
do for [i = strlen(DATA):1:-1] { if (DATADIR eq "" && DATA[i:i] eq "/") { DATADIR = DATA[1:i] } }
MODELS_GP = DATADIR . "models.gp"

# Whether models.gp can be read: stats only warns when it cannot, and then
# leaves REGISTRY_records undefined.
undefine MODELS NMODELS BASELINE REGISTRY_*
set autoscale y
unset logscale y
stats MODELS_GP using (1) nooutput name "REGISTRY"
if (!exists("REGISTRY_records")) {
    set print
    print sprintf("plots/registry.gp: %s: missing or unreadable: it is the model registry of the plots (names, colours, point types), which the Python core writes next to the data files from models.conf", MODELS_GP)
    exit status 1
}
load MODELS_GP
if (!exists("MODELS") || !exists("NMODELS")) {
    set print
    print sprintf("plots/registry.gp: %s: defines no MODELS or no NMODELS", MODELS_GP)
    exit status 1
}
if (words(MODELS) != NMODELS || NMODELS < 1) {
    set print
    print sprintf("plots/registry.gp: %s: NMODELS = %d, but MODELS names %d models", MODELS_GP, NMODELS, words(MODELS))
    exit status 1
}
