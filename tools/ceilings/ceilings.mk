# tools/ceilings/ceilings.mk -- the ceiling probes, included by the
# Makefile after it has defined CC, MPICC, ALL_CFLAGS, LDFLAGS, BUILD,
# BUILDINFO and HAVE_MPI (its `locked` and PARBENCH_BUILD_LOCKED are used
# too). `make ceilings` builds them into $(BUILD)/ceilings/, and `make`
# (all) builds them with the rest; scripts/ceilings runs them:
#   bandwidth  triad with regular and non-temporal stores: the bandwidth ceiling
#   flops      independent FMA chains: the double-precision compute ceiling
#   startup    pthread_create + join, fork + waitpid, posix_spawn, an empty
#              OpenMP region (EPCC syncbench)
#   mpi        MPI_Barrier and ping-pong latency and bandwidth (with MPICC only)
# Each is tools/ceilings/PROBE.c linked with tools/ceilings/probe.c; the
# OpenMP ones with -fopenmp. Their objects sit in $(BUILD)/obj/ceilings/
# (ceilings-mpi/ for MPICC's), where the Makefile finds their .d files.

# This file is included before the Makefile's first target: its rules
# must not become the default goal.
CEILINGS_GOAL := $(.DEFAULT_GOAL)

CEILINGS_CC_PROBES := bandwidth flops startup
CEILINGS_BINS := $(patsubst %,$(BUILD)/ceilings/%,$(CEILINGS_CC_PROBES)) \
  $(if $(HAVE_MPI),$(BUILD)/ceilings/mpi)

# As `all`, under the build tree's lock: one make at a time builds a tree.
.PHONY: ceilings
ifeq ($(PARBENCH_BUILD_LOCKED),$(abspath $(BUILD)))
ceilings: $(CEILINGS_BINS)
else
ceilings:
	@$(call locked,$(BUILD)) env PARBENCH_BUILD_LOCKED=$(call sq,$(abspath $(BUILD))) \
	  $(MAKE) --no-print-directory ceilings
endif

$(BUILD)/obj/ceilings/%.o: tools/ceilings/%.c $(BUILDINFO)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fopenmp -c $< -o $@

$(BUILD)/obj/ceilings-mpi/%.o: tools/ceilings/%.c $(BUILDINFO)
	@mkdir -p $(@D)
	$(MPICC) $(ALL_CFLAGS) -c $< -o $@

$(patsubst %,$(BUILD)/ceilings/%,$(CEILINGS_CC_PROBES)): $(BUILD)/ceilings/%: \
		$(BUILD)/obj/ceilings/%.o $(BUILD)/obj/ceilings/probe.o
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fopenmp $(LDFLAGS) $^ -o $@ -lm

$(BUILD)/ceilings/mpi: $(BUILD)/obj/ceilings-mpi/mpi.o $(BUILD)/obj/ceilings-mpi/probe.o
	@mkdir -p $(@D)
	$(MPICC) $(ALL_CFLAGS) $(LDFLAGS) $^ -o $@ -lm

.DEFAULT_GOAL := $(CEILINGS_GOAL)
