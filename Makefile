# sinmun — one Makefile: make, make run, make test, make lint, make fuzz,
# make format-check, make bench.  Sources are found by wildcard, so adding
# a .c file needs no edit here; a unit test is any src/**/*_test.c.

PORT ?= 8080
CC := gcc
PKGS := libmicrohttpd sqlite3 libcmark-gfm libutf8proc libsodium inih \
        jansson zlib cairo pangocairo
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

.PHONY: all run test deps lint format-check fuzz bench clean demo-db
all: build/sinmun

deps:
	@scripts/install-deps --if-needed

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

data/sinmun.db: | build/sinmun
	build/sinmun demo --db $@

run: deps
	@$(MAKE) --no-print-directory build/sinmun
	@test -f data/sinmun.db || build/sinmun demo --db data/sinmun.db
	build/sinmun serve --db data/sinmun.db --listen 127.0.0.1:$(PORT) \
	  --base-url http://127.0.0.1:$(PORT)

test: deps
	@$(MAKE) --no-print-directory build/sinmun build/san/sinmun $(UNIT_BIN) \
	  $(FUZZ_BIN)
	@tests/run-all $(UNIT_BIN)

lint:
	@tools/lint

format-check:
	@clang-format --dry-run --Werror $(ALL_SRC) $(wildcard src/*/*.h) \
	  $(wildcard tests/fuzz/*.c)

fuzz:
	@tests/fuzz/build-libfuzzer

bench: deps build/sinmun
	bench/article.sh
	bench/pdf.sh

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
