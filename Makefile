# parbench -- one workload, six parallel models, side by side.
# `make help` lists the targets.

CC ?= cc
MPICC ?= mpicc
MPIRUN ?= mpirun
CFLAGS ?= -O3 -march=native
LDFLAGS ?=
BUILD ?= build
PYTHON ?= python3
NPROC ?= $(shell nproc 2>/dev/null || echo 1)
export MPIRUN

WARN := -Wall -Wextra
ifeq ($(WERROR),1)
WARN += -Werror
endif
ALL_CFLAGS = -std=gnu11 $(WARN) $(CFLAGS) -fopenmp-simd -Icommon -MMD -MP $(CPPFLAGS)
LDLIBS = -lm

sq = '$(subst ','\'',$(1))'
comma := ,

# ---- the model registry ---------------------------------------------------

# The models are the lines of the registry, models.conf (REGISTRY=FILE, or
# PARBENCH_REGISTRY as the scripts take it, reads another);
# tools/registry.awk reads it strictly. Every model list below comes from
# it. A REGISTRY given to make reaches the scripts it runs as
# PARBENCH_REGISTRY; the default is not exported, so that a copy of the
# tree reads its own models.conf.
ifneq ($(filter command line environment override,$(origin REGISTRY)),)
export PARBENCH_REGISTRY := $(abspath $(REGISTRY))
endif
ifeq ($(origin REGISTRY),undefined)
REGISTRY := $(or $(PARBENCH_REGISTRY),models.conf)
endif
# One word a model, in registry order: NAME:DIR:BUILD:FLAGS:LAUNCH:COLOUR:POINT:CHECKS.
REG := $(shell awk -v OFS=: -f tools/registry.awk $(call sq,$(REGISTRY)))
ifneq ($(.SHELLSTATUS),0)
$(error $(REGISTRY) is not a model registry: the line above says why)
endif

# reg_col(WORD,N): column N of a registry word.
reg_col = $(word $(2),$(subst :, ,$(1)))
# reg_list(FIELD): the words of a list column ('-': none; commas: several).
reg_list = $(subst $(comma), ,$(filter-out -,$(1)))
# reg_build(WORD): NAME:DIR:BUILD:FLAGS, what of a model's line its build depends on.
reg_build = $(call reg_col,$(1),1):$(call reg_col,$(1),2):$(call reg_col,$(1),3):$(call reg_col,$(1),4)
# models_where(N,VALUES): the models, in order, whose column N holds one of VALUES.
models_where = $(strip $(foreach r,$(REG),$(if $(filter $(2),$(call reg_list,$(call reg_col,$(r),$(1)))),$(call reg_col,$(r),1))))

# Workloads are the files in common/workloads/; models are the registry's.
WORKLOADS := $(sort $(basename $(notdir $(wildcard common/workloads/*.c))))
REG_MODELS := $(strip $(foreach r,$(REG),$(call reg_col,$(r),1)))
LOCAL_MODELS := $(call models_where,3,cc)
MPI_MODELS := $(call models_where,3,mpicc)
PY_MODELS := $(call models_where,3,python)
PLAIN_MODEL := $(call models_where,5,plain)
OMP_MODELS := $(call models_where,4,-fopenmp)
HAVE_MPI := $(shell command -v $(MPICC) >/dev/null 2>&1 && echo yes)
MODELS := $(strip $(LOCAL_MODELS) $(if $(HAVE_MPI),$(MPI_MODELS)))
# A model of build python has the workloads of its DIR/W.py; the others it
# does not implement (no build/MODEL/W: the sweep and the tests skip them).
reg_dir = $(call reg_col,$(filter $(1):%,$(REG)),2)
py_workloads = $(filter $(WORKLOADS),$(basename $(notdir $(wildcard $(call reg_dir,$(1))/*.py))))

COMMON := driver options number report util fault affinity
COMMON_cc := $(patsubst %,$(BUILD)/obj/common-cc/%.o,$(COMMON) comm_local)
COMMON_mpi := $(patsubst %,$(BUILD)/obj/common-mpi/%.o,$(COMMON) comm_mpi)

BINARIES := $(foreach m,$(MODELS),$(patsubst %,$(BUILD)/$(m)/%,$(WORKLOADS))) \
  $(foreach m,$(PY_MODELS),$(patsubst %,$(BUILD)/$(m)/%,$(call py_workloads,$(m))))
EXTRAS := $(BUILD)/fork/pitfall $(BUILD)/tests/unit $(if $(HAVE_MPI),$(BUILD)/tools/mpi_version)
BUILDINFO := $(BUILD)/buildinfo
# The ceiling probes (tools/ceilings/): CEILINGS_BINS, `make ceilings`.
-include tools/ceilings/ceilings.mk

.PHONY: all help deps demo test test-quick bench plots submit check-asan check-tsan check-valgrind \
  check-mpich asan tsan valgrind lint fuzz clean FORCE
.SECONDARY:

# One make at a time builds a tree. Two makes on one tree broke each other:
# started together, one renamed the buildinfo.tmp the other was about to
# (mv: cannot stat); started a second apart, both compiled the same
# objects, which the compiler writes in place, and one make's linker read
# the other's half-written object ("file format not recognized",
# "undefined reference", "cannot find"). So `all` (and through it test,
# bench, demo, submit) takes the lock $(BUILD)/.lock with flock(1) and
# builds in a sub-make that holds it: a second make waits, then finds the
# tree built. tests/t_registry.sh runs two at once.
HAVE_FLOCK := $(shell command -v flock >/dev/null 2>&1 && echo yes)
# locked(DIR): the start of a command that runs what follows holding DIR/.lock.
locked = mkdir -p $(call sq,$(1)) && $(if $(HAVE_FLOCK),flock $(call sq,$(1)/.lock))
ifeq ($(PARBENCH_BUILD_LOCKED),$(abspath $(BUILD)))
all: $(BINARIES) $(EXTRAS) $(CEILINGS_BINS) $(BUILDINFO)
ifneq ($(HAVE_MPI),yes)
	@echo "parbench: $(MPICC) not found: models $(MPI_MODELS) skipped (make deps installs Open MPI)"
endif
else
all:
	@$(call locked,$(BUILD)) env PARBENCH_BUILD_LOCKED=$(call sq,$(abspath $(BUILD))) \
	  $(MAKE) --no-print-directory all
endif

help:
	@echo "make              build build/<model>/<workload> for every model and workload"
	@echo "make deps         install what is missing (Debian/Ubuntu, as root) or say how"
	@echo "make demo         the threading-vs-multiprocessing tutorials, replayed in C"
	@echo "make test         build and run every test; ends with 'N passed, N failed'"
	@echo "make bench        build, then sweep every workload x model x workers into results/"
	@echo "                  (options: make bench BENCH_ARGS='--help'; studies: make bench STUDY=weak,size)"
	@echo "make submit       a sweep as a Slurm batch job: make submit SUBMIT_ARGS='--cpus 8 ...'"
	@echo "make check-asan   every model x workload, bad input, under AddressSanitizer + UBSan (build-asan/)"
	@echo "make check-tsan   $(call models_where,8,tsan) under ThreadSanitizer (build-tsan/;"
	@echo "                  $(or $(filter $(OMP_MODELS),$(call models_where,8,tsan)),no model) only with clang and libomp)"
	@echo "make check-valgrind  $(VG_MODELS) under valgrind's memcheck (build-vg/)"
	@echo "make lint         cppcheck on the C, shellcheck on every shell file, pyflakes on the Python"
	@echo "make fuzz         fuzz the option parser with libFuzzer for FUZZ_TIME s (build-fuzz/)"
	@echo "make check-mpich  the MPI models built and tested with MPICH (build-mpich/)"
	@echo "make plots RUN=D  plots and report of the sweep in run directory D (FORMAT=pdf adds PDF)"
	@echo "make ceilings    build the probes of this machine's limits; scripts/ceilings runs them"
	@echo "make clean        remove build outputs"
	@echo "variables: CC MPICC MPIRUN CFLAGS LDFLAGS BUILD WERROR=1 BENCH_ARGS STUDY TSAN_CC FUZZ_CC FUZZ_TIME"
	@echo "           REGISTRY (default models.conf) PYTHON"
	@echo "models:    $(REG_MODELS) (from $(REGISTRY))"
	@echo "workloads: $(WORKLOADS)"

# ---- compiling ------------------------------------------------------------

# $(BUILDINFO) records the compilers and flags of this build for
# scripts/bench's meta.json, and how the registry builds each model
# (MODELS=NAME:DIR:BUILD:FLAGS...). It is rewritten only when they change,
# and every object depends on it, so that a change of CFLAGS or of a
# model's flags rebuilds. Each make writes its own temporary file and
# renames it over the old one in one step: a make never reads another's
# half-written file.
$(BUILDINFO): FORCE
	@mkdir -p $(@D)
	@tmp=$@.tmp.$$$$; \
	printf '%s\n' $(call sq,CC=$(CC)) $(call sq,MPICC=$(MPICC)) $(call sq,CFLAGS=$(CFLAGS)) \
	  $(call sq,ALL_CFLAGS=$(ALL_CFLAGS)) $(call sq,LDFLAGS=$(LDFLAGS)) $(call sq,LDLIBS=$(LDLIBS)) \
	  $(call sq,MPI=$(if $(HAVE_MPI),yes,no)) $(call sq,MANDELBROT_CFLAGS=$(MANDELBROT_CFLAGS)) \
	  $(call sq,MODELS=$(foreach r,$(REG),$(call reg_build,$(r)))) >"$$tmp" && \
	if cmp -s "$$tmp" $@; then rm -f "$$tmp"; else mv -f "$$tmp" $@; fi
FORCE:

# mandelbrot's escape test must give the same iteration counts in every
# model and every language (the Python models too): no fused multiply-add,
# which rounds a*b+c once where the others round twice.
MANDELBROT_CFLAGS := -ffp-contract=off
$(BUILD)/obj/common-cc/workloads/mandelbrot.o $(BUILD)/obj/common-mpi/workloads/mandelbrot.o: \
  ALL_CFLAGS += $(MANDELBROT_CFLAGS)

$(BUILD)/obj/common-cc/%.o: common/%.c $(BUILDINFO)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/obj/common-mpi/%.o: common/%.c $(BUILDINFO)
	@mkdir -p $(@D)
	$(MPICC) $(ALL_CFLAGS) -c $< -o $@

# model_rules(model, directory, compiler variable, flags, common flavour):
# DIR/W.c and DIR/model.c are compiled into build/obj/MODEL/ and linked
# with the common objects into build/MODEL/W.
define model_rules
$(BUILD)/obj/$(1)/%.o: $(2)/%.c $$(BUILDINFO)
	@mkdir -p $$(@D)
	$$($(3)) $$(ALL_CFLAGS) $(4) -I$(2) -c $$< -o $$@

$(BUILD)/$(1)/%: $(BUILD)/obj/$(1)/%.o $(BUILD)/obj/$(1)/model.o \
		$(BUILD)/obj/common-$(5)/workloads/%.o $$(COMMON_$(5))
	@mkdir -p $$(@D)
	$$($(3)) $$(ALL_CFLAGS) $(4) $$(LDFLAGS) $$^ -o $$@ $$(LDLIBS)
endef

# One set of rules a registry line: build cc is $(CC) with the common-cc
# objects, mpicc is $(MPICC) with the common-mpi ones.
reg_is_mpi = $(filter mpicc,$(call reg_col,$(1),3))
model_line = $(call model_rules,$(call reg_col,$(1),1),$(call reg_col,$(1),2),$(if $(call reg_is_mpi,$(1)),MPICC,CC),$(call reg_list,$(call reg_col,$(1),4)),$(if $(call reg_is_mpi,$(1)),mpi,cc))
$(foreach r,$(filter-out $(foreach m,$(PY_MODELS),$(m):%),$(REG)),$(eval $(call model_line,$(r))))

# py_rules(model, directory): build python compiles nothing; build/MODEL/W
# is a launcher that runs DIR/W.py under $$PYTHON (python3 if unset), made
# by tools/py-launcher, with the bytecode cached in $(BUILD)/pycache.
define py_rules
$(BUILD)/$(1)/%: $(2)/%.py tools/py-launcher $$(BUILDINFO)
	@mkdir -p $$(@D)
	tools/py-launcher $$@ $$(abspath $$<) $(1)/$$* $$(abspath $(BUILD))/pycache
endef
$(foreach m,$(PY_MODELS),$(eval $(call py_rules,$(m),$(call reg_dir,$(m)))))

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
# deps has just installed, on every CPU unless make was given its own -j.
# BENCH_ARGS passes options: BENCH_ARGS='--reps 5'; STUDY the scaling
# studies: STUDY=weak, STUDY=hybrid,binding (default strong).
bench: $(filter deps,$(MAKECMDGOALS))
	@$(MAKE) --no-print-directory $(if $(filter -j%,$(MAKEFLAGS)),,-j$(NPROC)) all
	@PARBENCH_BUILD=$(BUILD) scripts/bench $(if $(STUDY),--study $(call sq,$(STUDY))) $(BENCH_ARGS)

# Plots and report from an existing run directory; nothing is rerun.
plots:
	@if [ -z "$(RUN)" ]; then echo "make plots: say which run directory: make plots RUN=results/DIR" >&2; exit 2; fi
	@FORMAT="$(FORMAT)" scripts/plots "$(RUN)"

# The sweep as a Slurm batch job; scripts/submit --help lists SUBMIT_ARGS.
submit: all
	@PARBENCH_BUILD=$(BUILD) scripts/submit $(if $(STUDY),--study $(call sq,$(STUDY))) $(SUBMIT_ARGS)

# ---- checking: sanitizers, valgrind, lint, fuzzing -----------------------

# Sanitizer builds live in their own trees and run the tests.
SAN_FLAGS := -O1 -g -fno-omit-frame-pointer
asan:
	@$(MAKE) --no-print-directory BUILD=build-asan \
	  CFLAGS="$(SAN_FLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all" all

# Every workload of the registry's models whose checks include asan, under
# ASan and UBSan, and the bad-input suites for those built with $(CC).
# Open MPI's own libraries leak at exit, so leak detection covers the
# models built with $(CC); ASan and UBSan check the MPI ones too.
ASAN_MODELS := $(call models_where,8,asan)
ASAN_LOCAL := $(filter $(LOCAL_MODELS),$(ASAN_MODELS))
ASAN_MPI := $(filter $(MPI_MODELS),$(ASAN_MODELS))
check-asan: asan
	@ASAN_OPTIONS=detect_leaks=1 PARBENCH_BUILD=build-asan PARBENCH_MODELS="$(ASAN_LOCAL)" \
	  tests/run --suite unit --suite models --suite inputs --suite hostile
	@if [ -n "$(ASAN_MPI)" ]; then ASAN_OPTIONS=detect_leaks=0 PARBENCH_BUILD=build-asan \
	  PARBENCH_MODELS="$(ASAN_MPI)" tests/run --suite models; fi

# ThreadSanitizer, on the registry's models whose checks include tsan.
# GCC's OpenMP runtime (libgomp) is not instrumented, so TSan does not see
# its barriers and reports races in every OpenMP program built with it.
# LLVM's runtime (libomp) loads Archer, its OMPT tool, which tells TSan
# about OpenMP's synchronization: with clang and libomp (Debian: clang
# libomp-dev), the TSan tree is built with clang and the models whose flags
# include -fopenmp are checked too; without them, with $(CC), and those are
# left out. The MPI libraries are not instrumented either: the registry
# asks tsan of no MPI model.
TSAN_CC ?= clang
TSAN_OMP = $(shell $(TSAN_CC) --version 2>/dev/null | grep -q clang && \
  printf 'int main(void) { return 0; }\n' | \
  $(TSAN_CC) -x c -fopenmp -fsanitize=thread - -o /dev/null >/dev/null 2>&1 && echo yes)
TSAN_BINS = $(foreach m,$(1),$(patsubst %,build-tsan/$(m)/%,$(WORKLOADS)))
TSAN_ALL := $(call models_where,8,tsan)
TSAN_LEFT_OUT = $(if $(TSAN_OMP),,$(filter $(OMP_MODELS),$(TSAN_ALL)))
TSAN_MODELS = $(filter-out $(TSAN_LEFT_OUT),$(TSAN_ALL))
tsan:
	@$(if $(TSAN_LEFT_OUT),echo "make tsan: no clang with libomp (TSAN_CC=$(TSAN_CC)): $(TSAN_LEFT_OUT) left out";) \
	$(call locked,build-tsan) $(MAKE) --no-print-directory BUILD=build-tsan $(if $(TSAN_OMP),CC="$(TSAN_CC)") \
	  CFLAGS="$(SAN_FLAGS) -fsanitize=thread" $(call TSAN_BINS,$(TSAN_MODELS))

# MPICH beside Open MPI (Debian: mpicc.mpich, mpirun.mpich): the models
# built with mpicc, built and tested with it in build-mpich/, beside the
# plain model (their reference).
MPICH_CC ?= mpicc.mpich
MPICH_RUN ?= mpirun.mpich
check-mpich:
	@$(MAKE) --no-print-directory BUILD=build-mpich MPICC=$(MPICH_CC) all
	@MPIRUN=$(MPICH_RUN) PARBENCH_BUILD=build-mpich PARBENCH_MODELS="$(PLAIN_MODEL) $(MPI_MODELS)" \
	  tests/run --suite models --suite faults

check-tsan: tsan
	@TSAN_OPTIONS="ignore_noninstrumented_modules=1 $(TSAN_OPTIONS)" PARBENCH_BUILD=build-tsan \
	  PARBENCH_MODELS="$(TSAN_MODELS)" tests/run --suite models

# Valgrind's memcheck (tests/extra/t_memcheck.sh) on the registry's models
# whose checks include valgrind, in a tree without -march=native: valgrind
# does not know AVX-512.
VG_MODELS := $(call models_where,8,valgrind)
valgrind:
	@$(call locked,build-vg) $(MAKE) --no-print-directory BUILD=build-vg CFLAGS="-O2 -g" \
	  $(foreach m,$(VG_MODELS),$(patsubst %,build-vg/$(m)/%,$(WORKLOADS)))
check-valgrind: valgrind
	@PARBENCH_BUILD=build-vg PARBENCH_MODELS="$(VG_MODELS)" tests/run --suite memcheck

# cppcheck on every C directory, shellcheck on every shell file
# (tools/shell-files finds them). A finding fails; a line that must stay
# as it is says why in a "// cppcheck-suppress" comment.
LINT_C := common $(sort $(foreach m,$(filter-out $(PY_MODELS),$(REG_MODELS)),$(call reg_dir,$(m)))) tools tests/unit tests/fuzz
# pyflakes on the data side: the package, its entry points and its tests.
PYFLAKES ?= pyflakes3
PY_LINT = scripts/parbench tests/py $(shell grep -l '^\#!/usr/bin/env python3' scripts/* 2>/dev/null) \
  $(if $(PY_MODELS),common/python $(foreach m,$(PY_MODELS),$(call reg_dir,$(m))))
lint:
	cppcheck --enable=warning,performance,portability --error-exitcode=1 --inline-suppr \
	  --quiet --std=c11 -Icommon $(LINT_C)
	tools/shell-files | tr '\n' '\0' | xargs -0 shellcheck -x
	$(PYFLAKES) $(PY_LINT)
	@echo "lint: cppcheck, shellcheck and pyflakes found nothing"

# libFuzzer on the option parser (tests/fuzz/options.c) for FUZZ_TIME
# seconds, under ASan and UBSan, from the seeds in tests/fuzz/corpus/. New
# inputs it finds stay in build-fuzz/corpus/; a crash leaves its input in
# build-fuzz/crash-*, to replay with build-fuzz/options FILE.
FUZZ_CC ?= clang
FUZZ_TIME ?= 30
FUZZ_BIN := build-fuzz/options
$(FUZZ_BIN): tests/fuzz/options.c common/options.c common/number.c common/options.h common/parbench.h
	@mkdir -p $(@D)
	$(FUZZ_CC) -std=gnu11 $(WARN) -O1 -g -fno-omit-frame-pointer \
	  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Icommon $(filter %.c,$^) -o $@
fuzz: $(FUZZ_BIN)
	@mkdir -p build-fuzz/corpus
	@echo "fuzz: the option parser for $(FUZZ_TIME) s (log: build-fuzz/fuzz.log)"
	@if $(FUZZ_BIN) -max_total_time=$(FUZZ_TIME) -timeout=10 -print_final_stats=1 \
	    -dict=tests/fuzz/options.dict -artifact_prefix=build-fuzz/ \
	    build-fuzz/corpus tests/fuzz/corpus >build-fuzz/fuzz.log 2>&1; then \
	  grep -E '^(Done|stat::number_of_executed_units)' build-fuzz/fuzz.log; \
	else \
	  tail -n 40 build-fuzz/fuzz.log; \
	  echo "make fuzz: the parser broke a promise or crashed; the input is in build-fuzz/"; exit 1; \
	fi

clean:
	rm -rf $(BUILD) build-asan build-tsan build-vg build-fuzz build-mpich
