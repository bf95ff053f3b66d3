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

.PHONY: all help deps demo test test-quick bench plots submit check-asan check-tsan check-valgrind \
  check-mpich asan tsan valgrind lint fuzz clean FORCE
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
	@echo "make check-asan   every model x workload, bad input, under AddressSanitizer + UBSan (build-asan/)"
	@echo "make check-tsan   serial, pthreads, fork and OpenMP (with clang) under ThreadSanitizer (build-tsan/)"
	@echo "make check-valgrind  serial, pthreads and fork under valgrind's memcheck (build-vg/)"
	@echo "make lint         cppcheck on the C, shellcheck on every shell file"
	@echo "make fuzz         fuzz the option parser with libFuzzer for FUZZ_TIME s (build-fuzz/)"
	@echo "make check-mpich  the MPI models built and tested with MPICH (build-mpich/)"
	@echo "make plots RUN=D  plots and report of the sweep in run directory D (FORMAT=pdf adds PDF)"
	@echo "make clean        remove build outputs"
	@echo "variables: CC MPICC MPIRUN CFLAGS LDFLAGS BUILD WERROR=1 BENCH_ARGS TSAN_CC FUZZ_CC FUZZ_TIME"
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
$(eval $(call model_rules,fork,CC,-pthread,cc))
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

# ---- checking: sanitizers, valgrind, lint, fuzzing -----------------------

# Sanitizer builds live in their own trees and run the tests.
SAN_FLAGS := -O1 -g -fno-omit-frame-pointer
asan:
	@$(MAKE) --no-print-directory BUILD=build-asan \
	  CFLAGS="$(SAN_FLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all" all

# Every model x workload under ASan and UBSan, and the bad-input suites
# for the single-process models. Open MPI's own libraries leak at exit, so
# leak detection covers the single-process models; ASan and UBSan check
# all of them.
check-asan: asan
	@ASAN_OPTIONS=detect_leaks=1 PARBENCH_BUILD=build-asan PARBENCH_MODELS="$(LOCAL_MODELS)" \
	  tests/run --suite unit --suite models --suite inputs --suite hostile
	@ASAN_OPTIONS=detect_leaks=0 PARBENCH_BUILD=build-asan PARBENCH_MODELS="$(MPI_MODELS)" \
	  tests/run --suite models

# ThreadSanitizer. GCC's OpenMP runtime (libgomp) is not instrumented, so
# TSan does not see its barriers and reports races in every OpenMP program
# built with it. LLVM's runtime (libomp) loads Archer, its OMPT tool, which
# tells TSan about OpenMP's synchronization: with clang and libomp (Debian:
# clang libomp-dev), the TSan tree is built with clang and the openmp model
# is checked too; without them, with $(CC), and openmp is left out. The MPI
# libraries are not instrumented either: mpi and hybrid are not run here.
TSAN_CC ?= clang
TSAN_OMP = $(shell $(TSAN_CC) --version 2>/dev/null | grep -q clang && \
  printf 'int main(void) { return 0; }\n' | \
  $(TSAN_CC) -x c -fopenmp -fsanitize=thread - -o /dev/null >/dev/null 2>&1 && echo yes)
TSAN_BINS = $(foreach m,$(1),$(patsubst %,build-tsan/$(m)/%,$(WORKLOADS)))
TSAN_MODELS = serial pthreads fork $(if $(TSAN_OMP),openmp)
tsan:
	@$(if $(TSAN_OMP),,echo "make tsan: no clang with libomp (TSAN_CC=$(TSAN_CC)): openmp left out";) \
	$(MAKE) --no-print-directory BUILD=build-tsan $(if $(TSAN_OMP),CC="$(TSAN_CC)") \
	  CFLAGS="$(SAN_FLAGS) -fsanitize=thread" $(call TSAN_BINS,$(TSAN_MODELS))

# MPICH beside Open MPI (Debian: mpicc.mpich, mpirun.mpich): the MPI models
# built and tested with it in build-mpich/.
MPICH_CC ?= mpicc.mpich
MPICH_RUN ?= mpirun.mpich
check-mpich:
	@$(MAKE) --no-print-directory BUILD=build-mpich MPICC=$(MPICH_CC) all
	@MPIRUN=$(MPICH_RUN) PARBENCH_BUILD=build-mpich PARBENCH_MODELS="serial mpi hybrid" \
	  tests/run --suite models --suite faults

check-tsan: tsan
	@TSAN_OPTIONS="ignore_noninstrumented_modules=1 $(TSAN_OPTIONS)" PARBENCH_BUILD=build-tsan \
	  PARBENCH_MODELS="$(TSAN_MODELS)" tests/run --suite models

# Valgrind's memcheck on serial, pthreads and fork (tests/extra/t_memcheck.sh),
# in a tree without -march=native: valgrind does not know AVX-512.
VG_MODELS := serial pthreads fork
valgrind:
	@$(MAKE) --no-print-directory BUILD=build-vg CFLAGS="-O2 -g" \
	  $(foreach m,$(VG_MODELS),$(patsubst %,build-vg/$(m)/%,$(WORKLOADS)))
check-valgrind: valgrind
	@PARBENCH_BUILD=build-vg PARBENCH_MODELS="$(VG_MODELS)" tests/run --suite memcheck

# cppcheck on every C directory, shellcheck on every shell file
# (tools/shell-files finds them). A finding fails; a line that must stay
# as it is says why in a "// cppcheck-suppress" comment.
LINT_C := common $(LOCAL_MODELS) $(MPI_MODELS) tools tests/unit tests/fuzz
lint:
	cppcheck --enable=warning,performance,portability --error-exitcode=1 --inline-suppr \
	  --quiet --std=c11 -Icommon $(LINT_C)
	tools/shell-files | tr '\n' '\0' | xargs -0 shellcheck -x
	@echo "lint: cppcheck and shellcheck found nothing"

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
