# sinmun — one Makefile: make, make run, make test, make lint, make fuzz,
# make format-check, make clang-check, make bench.  Sources are found by
# wildcard, so adding a .c file needs no edit here; a unit test is any
# src/**/*_test.c, a libFuzzer target any tests/fuzz/*_fuzz.c.

PORT ?= 8080
CC := gcc
# The second compiler: clang-check and the libFuzzer builds.
CLANG := clang
# pkg-config packages: the one list every build here uses (gcc, clang and
# the libFuzzer targets alike).
PKGS := libmicrohttpd sqlite3 libpq libcmark-gfm libutf8proc libsodium inih \
        jansson zlib cairo pangocairo libxxhash libxml-2.0 libcurl
STD := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN := -Wall -Wextra -Werror -Wshadow -Wno-missing-field-initializers
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) \
           -lcmark-gfm-extensions -lpthread -lm
INC := -Isrc

CFLAGS_REL := -O2 -g $(STD) $(WARN) $(INC)
CFLAGS_SAN := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=undefined $(STD) $(WARN) $(INC)

ALL_SRC := $(shell find src -name '*.c' | sort)
TEST_SRC := $(filter %_test.c,$(ALL_SRC))
MAIN_SRC := src/main.c
LIB_SRC := $(filter-out $(TEST_SRC) $(MAIN_SRC),$(ALL_SRC))

REL_OBJ := $(LIB_SRC:src/%.c=build/rel/%.o)
SAN_OBJ := $(LIB_SRC:src/%.c=build/san/%.o)
UNIT_BIN := $(TEST_SRC:src/%_test.c=build/san/unit/%_test)

# Keep unit-test objects between runs (make would delete them as
# intermediate files and rebuild them every time).
.SECONDARY:

.PHONY: all run test deps deps-run lint format-check clang-check fuzz \
        libfuzzer bench clean demo-db
all: build/sinmun

# deps: everything make test and make bench use; deps-run: only what
# building and serving need (no browser, no test tools).
deps:
	@scripts/install-deps --if-needed test

deps-run:
	@scripts/install-deps --if-needed run

build/rel/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "CC $<"
	@$(CC) $(CFLAGS_REL) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

build/san/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "CC (asan) $<"
	@$(CC) $(CFLAGS_SAN) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

build/sinmun: $(REL_OBJ) build/rel/main.o
	@echo "LD $@"
	@$(CC) $(CFLAGS_REL) -o $@ $^ $(PKG_LIBS)

build/san/sinmun: $(SAN_OBJ) build/san/main.o
	@echo "LD $@"
	@$(CC) $(CFLAGS_SAN) -o $@ $^ $(PKG_LIBS) -lcmocka

build/san/unit/%_test: build/san/%_test.o $(SAN_OBJ)
	@mkdir -p $(dir $@)
	@echo "LD $@"
	@$(CC) $(CFLAGS_SAN) -o $@ $^ $(PKG_LIBS) -lcmocka

build/san/%_test.o: src/%_test.c
	@mkdir -p $(dir $@)
	@echo "CC (asan) $<"
	@$(CC) $(CFLAGS_SAN) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

build/san/fuzz/%: tests/fuzz/%.c tests/fuzz/driver.c $(SAN_OBJ)
	@mkdir -p $(dir $@)
	@echo "LD $@"
	@$(CC) $(CFLAGS_SAN) $(PKG_CFLAGS) -o $@ $^ $(PKG_LIBS)

FUZZ_SRC := $(filter-out tests/fuzz/driver.c,$(wildcard tests/fuzz/*.c))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=build/san/fuzz/%)

# libFuzzer builds (clang): the library objects are compiled once into
# build/fuzz/obj/ with coverage instrumentation and linked into each
# build/fuzz/<name>_fuzz. tests/fuzz/run-libfuzzer runs them: a few seconds
# each in make test (tests/run-all), FUZZ_SECONDS each in make fuzz.
CFLAGS_FUZZ := -O1 -g -fno-omit-frame-pointer \
               -fsanitize=fuzzer-no-link,address,undefined \
               -fno-sanitize-recover=undefined $(STD) $(WARN) $(INC)
FUZZ_OBJ := $(LIB_SRC:src/%.c=build/fuzz/obj/%.o)
LIBFUZZ_SRC := $(wildcard tests/fuzz/*_fuzz.c)
LIBFUZZ_BIN := $(LIBFUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_SECONDS ?= 60

build/fuzz/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo "CLANG (fuzz) $<"
	@$(CLANG) $(CFLAGS_FUZZ) $(PKG_CFLAGS) -MMD -MP -c $< -o $@

build/fuzz/%_fuzz: tests/fuzz/%_fuzz.c $(FUZZ_OBJ)
	@mkdir -p $(dir $@)
	@echo "LD (libFuzzer) $@"
	@$(CLANG) $(CFLAGS_FUZZ) -fsanitize=fuzzer $(PKG_CFLAGS) -o $@ $^ \
	  $(PKG_LIBS)

# Every C file, compiled by clang with the same standard, defines,
# includes and warnings as gcc (-fsyntax-only: warnings, no objects).
CLANG_CHECK_SRC := $(ALL_SRC) $(wildcard tests/fuzz/*.c)

data/sinmun.db: | build/sinmun
	build/sinmun demo --db $@

run: deps-run
	@$(MAKE) --no-print-directory build/sinmun
	@test -f data/sinmun.db || build/sinmun demo --db data/sinmun.db
	build/sinmun serve --db data/sinmun.db --listen 127.0.0.1:$(PORT) \
	  --base-url http://127.0.0.1:$(PORT)

# The builds use every core (NPROC) unless make was given -j itself.
NPROC := $(shell nproc 2>/dev/null || echo 2)
JOBS = $(if $(filter -j% j%,$(MAKEFLAGS)),,-j$(NPROC))

test: deps
	@$(MAKE) $(JOBS) --no-print-directory build/sinmun build/san/sinmun \
	  $(UNIT_BIN) $(FUZZ_BIN)
	@tests/run-all $(UNIT_BIN)

lint:
	@tools/lint

# clang-check: prints each file clang warns about, then one line
# "clang-check: N files, M failed" (tests/run-all counts it); exit 1 when
# M > 0.  NPROC files at a time; each file's messages are printed whole.
clang-check:
	@mkdir -p build
	@printf '%s\n' $(CLANG_CHECK_SRC) | xargs -P $(NPROC) -n 8 sh -c \
	  'for f; do \
	     out=$$($(CLANG) -fsyntax-only $(STD) $(WARN) $(INC) $(PKG_CFLAGS) "$$f" 2>&1); \
	     if [ $$? -ne 0 ]; then printf "%s\nclang-check: FAIL %s\n" "$$out" "$$f"; \
	     elif [ -n "$$out" ]; then printf "%s\n" "$$out"; fi; \
	   done' sh >build/clang-check.out; \
	fail=$$(grep -c '^clang-check: FAIL ' build/clang-check.out); \
	cat build/clang-check.out; \
	echo "clang-check: $(words $(CLANG_CHECK_SRC)) files, $$fail failed"; \
	test $$fail -eq 0

format-check:
	@clang-format --dry-run --Werror $(ALL_SRC) $(wildcard src/*.h src/*/*.h) \
	  $(wildcard tests/fuzz/*.c)

libfuzzer: $(LIBFUZZ_BIN)

fuzz: deps
	@$(MAKE) --no-print-directory libfuzzer
	@tests/fuzz/run-libfuzzer --seconds $(FUZZ_SECONDS) \
	  $(LIBFUZZ_SRC:tests/fuzz/%.c=%)

bench: deps build/sinmun
	bench/article.sh
	bench/pdf.sh
	bench/lists.sh
	bench/import.sh

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
