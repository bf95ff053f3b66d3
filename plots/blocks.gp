# plots/blocks.gp -- reads which model each block of DATA holds. Loaded with
# DATA set, after style.gp (never run on its own). DATA has one block per
# model, blocks separated by two blank lines, columns:
#   1 model line type (its 1-based position in models.gp's MODELS)  2 model
#   3 workers  4 value  5 low  6 high (low..high: the error bar, the value's
#   95 % interval as the Python summarizer computed it)
# Sets:
#   NB            the number of blocks (models)
#   LT[b]         block b's line type; NAME[b] its model
#   XMIN, XMAX    the worker range
# A block whose line type and model do not match models.gp stops the plot
# with a message: its colour would be another model's. So does a row without
# a positive worker count and three numbers after it.

# stats keeps only points inside the current ranges: clear them.
set autoscale xy
unset logscale
stats DATA using 3 nooutput
NB = STATS_blocks
XMIN = STATS_min
XMAX = STATS_max
stats DATA using (($3 > 0 && valid(4) && valid(5) && valid(6)) ? 0 : 1) nooutput
if (STATS_sum > 0) {
    set print
    print sprintf("plots/blocks.gp: %s: %d of its %d rows lack a positive worker count (column 3) or a number in columns 4-6 (value, low, high)", \
        DATA, int(STATS_sum), STATS_records)
    exit status 1
}

array LT[NB]
array NAME[NB]

do for [b = 1:NB] {
    stats DATA index (b - 1) using 1 nooutput
    LT[b] = int(STATS_min)
    NAME[b] = word(MODELS, LT[b])
    # The rows whose line type or model differ from the registry's.
    stats DATA index (b - 1) using (BLOCK_MODEL = strcol(2), (int($1) == LT[b] && BLOCK_MODEL eq NAME[b]) ? 0 : 1) nooutput
    if (NAME[b] eq "" || STATS_sum > 0) {
        set print
        print sprintf("plots/blocks.gp: %s: block %d holds model '%s' with line type %d, but model %d of %s is %s (MODELS = \"%s\")", \
            DATA, b, BLOCK_MODEL, LT[b], LT[b], MODELS_GP, (NAME[b] eq "") ? "missing" : "'" . NAME[b] . "'", MODELS)
        exit status 1
    }
}
