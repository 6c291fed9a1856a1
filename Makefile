# nianbao — the two commands a newcomer needs are `make extract` and `make test`.
CARGO ?= cargo
OUT ?= out
JOBS ?= 0

.PHONY: extract test build dist corpus bench fuzz lint clean review-shot

## extract: read every report under corpus/ and write out/ (per-report JSON, batch files, summary,
## and — the corpus being small — the opt-in nianbao.xlsx workbook), then the review pages; the
## last line ends with the page to open (out/review/index.html)
extract: build
	./target/release/nianbao extract corpus --out $(OUT) --xlsx
	./target/release/nianbao review $(OUT) --source-root corpus

## review-shot: screenshots of the review pages (index and one report) under $(OUT)/review/,
## taken by headless Chromium (Chinese needs a CJK font: apt-get install fonts-noto-cjk)
CHROMIUM ?= chromium
SHOT_REPORT ?= unbalanced-2021
review-shot: extract
	for p in index reports/$(SHOT_REPORT); do \
		prof=$$(mktemp -d); \
		timeout 60 $(CHROMIUM) --headless --no-sandbox --disable-gpu --disable-background-networking \
			--disable-component-update --disable-sync --no-first-run --user-data-dir=$$prof \
			--host-resolver-rules="MAP * ~NOTFOUND" --hide-scrollbars --window-size=1280,900 \
			--screenshot=$(OUT)/review/shot-$$(basename $$p).png "file://$$(realpath $(OUT)/review/$$p.html)" \
			2>/dev/null; rc=$$?; rm -rf $$prof; [ $$rc = 0 ] || exit $$rc; \
		echo "→ $(OUT)/review/shot-$$(basename $$p).png"; \
	done

build:
	$(CARGO) build --release --locked --bin nianbao

## dist: the binary with fat LTO and one codegen unit (target/dist/nianbao): the bench's
## code, a few per cent faster than `make build`'s, several minutes to compile
dist:
	$(CARGO) build --profile dist --locked --bin nianbao

## test: format, lints, every test, and the benchmark built (in the test profile: that it
## compiles, not its optimized build); clippy checks the fuzzer, a workspace member (what CI runs)
test:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(CARGO) test --workspace --locked
	$(CARGO) build --benches --locked

## corpus: rebuild corpus/ with the project's own generator
corpus:
	$(CARGO) run --release --locked -p testdocs --bin gen-corpus -- corpus

## fuzz: fuzz the reader for FUZZ_SECONDS (default 60); findings under fuzz/artifacts/ fail
## the run. FUZZ_ENGINE=mutate (default, stable Rust): real documents mutated as zip bytes
## and as XML parts re-zipped. FUZZ_ENGINE=libfuzzer: coverage-guided cargo-fuzz targets
## `document` (main part XML) and `extract` (whole file), FUZZ_SECONDS each.
FUZZ_SECONDS ?= 60
FUZZ_SEED ?=
FUZZ_ENGINE ?= mutate
# ../shared/fixtures (beside the repository, not in it) only where present.
FUZZ_SEEDS = $(if $(wildcard ../shared/fixtures),--seeds ../shared/fixtures) --seeds corpus --seeds tests/data
# A 4 GiB address-space limit turns a buffer sized from a declared length into a crash
# (whose input is kept) instead of a lazy mapping nobody notices.
fuzz:
	$(CARGO) build --profile fuzz --locked -p nianbao-fuzz
ifeq ($(FUZZ_ENGINE),libfuzzer)
	command -v cargo-fuzz >/dev/null || $(CARGO) install cargo-fuzz --locked
	./target/fuzz/nianbao-fuzz --export fuzz/corpus/seeds $(FUZZ_SEEDS)
	mkdir -p fuzz/corpus/document fuzz/corpus/extract fuzz/artifacts
	for t in document extract; do \
		RUSTC_BOOTSTRAP=1 $(CARGO) fuzz run -s none --fuzz-dir fuzz/libfuzzer \
			--target-dir fuzz/target/libfuzzer $$t fuzz/corpus/$$t fuzz/corpus/seeds/$$t -- \
			-max_total_time=$(FUZZ_SECONDS) -dict=fuzz/libfuzzer/ooxml.dict -rss_limit_mb=4096 \
			-timeout=10 -max_len=400000 -print_final_stats=1 -artifact_prefix=fuzz/artifacts/$$t- \
			$(if $(FUZZ_SEED),-seed=$(FUZZ_SEED)) || exit 1; \
	done
else
	ulimit -v 4194304 && ./target/fuzz/nianbao-fuzz --seconds $(FUZZ_SECONDS) \
		$(if $(FUZZ_SEED),--seed $(FUZZ_SEED)) $(FUZZ_SEEDS) \
		|| { echo "make fuzz: findings or a crash; see fuzz/artifacts/ (last-input.docx = the input in flight)"; exit 1; }
endif

## bench: BENCH_N reports (default 2000) from the generator, extracted and written, against the
## floor (read, inflate and tokenize the main part) in the same run: docs/s, MB/s, the ratio and
## peak memory; then the CLI itself on the same files, its time and peak memory (GNU time).
## BENCH_JOBS threads (0 = all cores). Last, the headline: BENCH_MIX_N documents of the
## realistic mix (tests/data, ../shared/fixtures, their varied copies, web pages, pages as
## .docx) through `nianbao extract`, outputs on tmpfs and on disk, against the mix's floor.
BENCH_N ?= 2000
BENCH_JOBS ?= 0
BENCH_MIX_N ?= 3000
bench: build
	$(CARGO) bench --locked --bench extract -- $(BENCH_N) --jobs $(BENCH_JOBS) --mix $(BENCH_MIX_N)
	rm -rf target/bench/out-cli
	if [ -x /usr/bin/time ]; then \
		/usr/bin/time -f "CLI: %e s wall, peak memory %M KiB" ./target/release/nianbao extract \
			target/bench/docs-$(BENCH_N) --out target/bench/out-cli --quiet --jobs $(BENCH_JOBS); \
	else ./target/release/nianbao extract target/bench/docs-$(BENCH_N) --out target/bench/out-cli \
			--quiet --jobs $(BENCH_JOBS); fi
	@# the review pages of the same outputs (index, data and one page per report)
	if [ -x /usr/bin/time ]; then \
		/usr/bin/time -f "review: %e s wall, peak memory %M KiB" ./target/release/nianbao review \
			target/bench/out-cli; \
	else ./target/release/nianbao review target/bench/out-cli; fi

## bench-100k: BENCH_100K_N documents of the mix (default 100,000) and BENCH_COPIES copies of
## one series (default 10,000) through `nianbao extract` under GNU time, in BENCH_WHERE
## (default target/bench: ~8.3 GB while it runs, deleted after); scripts/bench-100k.sh
BENCH_100K_N ?= 100000
BENCH_COPIES ?= 10000
BENCH_WHERE ?= target/bench
.PHONY: bench-100k
bench-100k: build
	N=$(BENCH_100K_N) COPIES=$(BENCH_COPIES) WHERE=$(BENCH_WHERE) JOBS=$(BENCH_JOBS) ./scripts/bench-100k.sh

## bench-convert: LibreOffice batch speed, documents/s for BENCH_CONVERT_N .doc files (default
## 200, made once by LibreOffice from the corpus) through `nianbao extract` (needs soffice)
BENCH_CONVERT_N ?= 200
.PHONY: bench-convert
bench-convert: build
	N=$(BENCH_CONVERT_N) JOBS=$(BENCH_JOBS) ./scripts/bench-convert.sh

clean:
	rm -rf $(OUT) target
