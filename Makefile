# parbench -- one workload, six parallel models, side by side.
# `make help` lists the targets.

CC ?= cc
MPICC ?= mpicc
MPIRUN ?= mpirun
CFLAGS ?= -O3 -march=native
LDFLAGS ?=
BUILD ?= build
export MPIRUN

WARN := -Wall -Wextra
ifeq ($(WERROR),1)
WARN += -Werror
endif
ALL_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) -fopenmp-simd -Icommon -MMD -MP $(CPPFLAGS)
LDLIBS = -lm

# Workloads are the files in common/workloads/; models are the directories.
WORKLOADS := $(sort $(basename $(notdir $(wildcard common/workloads/*.c))))
LOCAL_MODELS := serial pthreads fork openmp
MPI_MODELS := mpi hybrid
HAVE_MPI := $(shell command -v $(MPICC) >/dev/null 2>&1 && echo yes)
MODELS := $(LOCAL_MODELS) $(if $(HAVE_MPI),$(MPI_MODELS))

COMMON := driver options number report util fault affinity
COMMON_cc := $(patsubst %,$(BUILD)/obj/common-cc/%.o,$(COMMON) comm_local)
COMMON_mpi := $(patsubst %,$(BUILD)/obj/common-mpi/%.o,$(COMMON) comm_mpi)

BINARIES := $(foreach m,$(MODELS),$(patsubst %,$(BUILD)/$(m)/%,$(WORKLOADS)))
EXTRAS := $(BUILD)/fork/pitfall $(BUILD)/tests/unit $(if $(HAVE_MPI),$(BUILD)/tools/mpi_version)
BUILDINFO := $(BUILD)/buildinfo

.PHONY: all help deps demo test test-quick bench plots submit check-asan check-tsan asan tsan clean FORCE
.SECONDARY:

all: $(BINARIES) $(EXTRAS) $(BUILDINFO)
ifneq ($(HAVE_MPI),yes)
	@echo "parbench: $(MPICC) not found: models $(MPI_MODELS) skipped (make deps installs Open MPI)"
endif

help:
	@echo "make              build build/<model>/<workload> for every model and workload"
	@echo "make deps         install what is missing (Debian/Ubuntu, as root) or say how"
	@echo "make demo         the threading-vs-multiprocessing tutorials, replayed in C"
	@echo "make test         build and run every test; ends with 'N passed, N failed'"
	@echo "make bench        build, then sweep every workload x model x workers into results/"
	@echo "                  (options: make bench BENCH_ARGS='--help')"
	@echo "make submit       a sweep as a Slurm batch job: make submit SUBMIT_ARGS='--cpus 8 ...'"
	@echo "make check-asan   the model tests under AddressSanitizer + UBSan (build-asan/)"
	@echo "make check-tsan   the pthreads and fork tests under ThreadSanitizer (build-tsan/)"
	@echo "make plots RUN=D  plots and report of the sweep in run directory D (FORMAT=pdf adds PDF)"
	@echo "make clean        remove build outputs"
	@echo "variables: CC MPICC MPIRUN CFLAGS LDFLAGS BUILD WERROR=1 BENCH_ARGS"
	@echo "models:    $(LOCAL_MODELS) $(MPI_MODELS)"
	@echo "workloads: $(WORKLOADS)"

# ---- compiling ------------------------------------------------------------

# $(BUILDINFO) records the compilers and flags of this build for
# scripts/bench's meta.json. It is rewritten only when they change, and every
# object depends on it, so that a change of CFLAGS rebuilds.
sq = '$(subst ','\'',$(1))'
$(BUILDINFO): FORCE
	@mkdir -p $(@D)
	@printf '%s\n' $(call sq,CC=$(CC)) $(call sq,MPICC=$(MPICC)) $(call sq,CFLAGS=$(CFLAGS)) \
	  $(call sq,ALL_CFLAGS=$(ALL_CFLAGS)) $(call sq,LDFLAGS=$(LDFLAGS)) $(call sq,LDLIBS=$(LDLIBS)) \
	  $(call sq,MPI=$(if $(HAVE_MPI),yes,no)) >$@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi
FORCE:

$(BUILD)/obj/common-cc/%.o: common/%.c $(BUILDINFO)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/obj/common-mpi/%.o: common/%.c $(BUILDINFO)
	@mkdir -p $(@D)
	$(MPICC) $(ALL_CFLAGS) -c $< -o $@

# model_rules(model, compiler variable, flags, common flavour)
define model_rules
$(BUILD)/obj/$(1)/%.o: $(1)/%.c $$(BUILDINFO)
	@mkdir -p $$(@D)
	$$($(2)) $$(ALL_CFLAGS) $(3) -I$(1) -c $$< -o $$@

$(BUILD)/$(1)/%: $(BUILD)/obj/$(1)/%.o $(BUILD)/obj/$(1)/model.o \
		$(BUILD)/obj/common-$(4)/workloads/%.o $$(COMMON_$(4))
	@mkdir -p $$(@D)
	$$($(2)) $$(ALL_CFLAGS) $(3) $$(LDFLAGS) $$^ -o $$@ $$(LDLIBS)
endef

$(eval $(call model_rules,serial,CC,,cc))
$(eval $(call model_rules,pthreads,CC,-pthread,cc))
$(eval $(call model_rules,fork,CC,,cc))
$(eval $(call model_rules,openmp,CC,-fopenmp,cc))
$(eval $(call model_rules,mpi,MPICC,,mpi))
$(eval $(call model_rules,hybrid,MPICC,-fopenmp,mpi))

$(BUILD)/fork/pitfall: $(BUILD)/obj/fork/pitfall.o $(BUILD)/obj/common-cc/number.o
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $^ -o $@ $(LDLIBS)

$(BUILD)/obj/tests/%.o: tests/unit/%.c $(BUILDINFO)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/tests/unit: $(BUILD)/obj/tests/unit.o $(patsubst %,$(BUILD)/obj/common-cc/%.o,options number report util fault comm_local)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) $^ -o $@ $(LDLIBS)

# MPI_Get_library_version, for meta.json.
$(BUILD)/tools/mpi_version: tools/mpi_version.c $(BUILDINFO)
	@mkdir -p $(@D)
	$(MPICC) -std=gnu11 $(WARN) $(CFLAGS) $(CPPFLAGS) $(LDFLAGS) $< -o $@

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---- running --------------------------------------------------------------

deps:
	@scripts/deps

demo: all
	@scripts/demo

test: all
	@PARBENCH_BUILD=$(BUILD) tests/run

# The sweep. A sub-make builds, so that `make deps bench` sees the MPI that
# deps has just installed. BENCH_ARGS passes options: BENCH_ARGS='--reps 5'.
bench: $(filter deps,$(MAKECMDGOALS))
	@$(MAKE) --no-print-directory all
	@PARBENCH_BUILD=$(BUILD) scripts/bench $(BENCH_ARGS)

# Plots and report from an existing run directory; nothing is rerun.
plots:
	@if [ -z "$(RUN)" ]; then echo "make plots: say which run directory: make plots RUN=results/DIR" >&2; exit 2; fi
	@FORMAT="$(FORMAT)" scripts/plots "$(RUN)"

# The sweep as a Slurm batch job; scripts/submit --help lists SUBMIT_ARGS.
submit: all
	@PARBENCH_BUILD=$(BUILD) scripts/submit $(SUBMIT_ARGS)

# Sanitizer builds live in their own trees and run the model tests.
SAN_FLAGS := -O1 -g -fno-omit-frame-pointer
asan:
	@$(MAKE) --no-print-directory BUILD=build-asan \
	  CFLAGS="$(SAN_FLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all" all
tsan:
	@$(MAKE) --no-print-directory BUILD=build-tsan CFLAGS="$(SAN_FLAGS) -fsanitize=thread" \
	  $(foreach w,$(WORKLOADS),build-tsan/serial/$(w) build-tsan/pthreads/$(w) build-tsan/fork/$(w))

# Open MPI's own libraries leak at exit, so leak detection covers the
# single-process models; ASan and UBSan check all of them.
check-asan: asan
	@ASAN_OPTIONS=detect_leaks=1 PARBENCH_BUILD=build-asan \
	  PARBENCH_MODELS="$(LOCAL_MODELS)" tests/run --suite models --suite inputs
	@ASAN_OPTIONS=detect_leaks=0 PARBENCH_BUILD=build-asan \
	  PARBENCH_MODELS="$(MPI_MODELS)" tests/run --suite models
check-tsan: tsan
	@PARBENCH_BUILD=build-tsan PARBENCH_MODELS="serial pthreads fork" tests/run --suite models

clean:
	rm -rf $(BUILD) build-asan build-tsan
