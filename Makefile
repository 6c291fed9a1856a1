# nianbao — the two commands a newcomer needs are `make extract` and `make test`.
CARGO ?= cargo
OUT ?= out
JOBS ?= 0

.PHONY: extract test build corpus bench fuzz lint clean

## extract: read every report under corpus/ and write out/ (per-report JSON, batch files, summary)
extract: build
	./target/release/nianbao extract corpus --out $(OUT)

build:
	$(CARGO) build --release --locked --bin nianbao

## test: format, lints, every test, and the benchmark built (what CI runs)
test:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(CARGO) test --workspace --locked
	$(CARGO) bench --no-run --locked

## corpus: rebuild corpus/ with the project's own generator
corpus:
	$(CARGO) run --release --locked -p testdocs --bin gen-corpus -- corpus

## fuzz: mutate real documents (zip bytes, and XML parts re-zipped) into extract_bytes for
## FUZZ_SECONDS (default 60); findings are saved under fuzz/artifacts/ and the run fails
FUZZ_SECONDS ?= 60
FUZZ_SEED ?=
# A 4 GiB address-space limit turns a buffer sized from a declared length into a crash
# (whose input is kept as fuzz/artifacts/last-input.docx) instead of a lazy, unseen mapping.
fuzz:
	$(CARGO) build --release --manifest-path fuzz/Cargo.toml
	ulimit -v 4194304 && ./fuzz/target/release/nianbao-fuzz --seconds $(FUZZ_SECONDS) \
		$(if $(FUZZ_SEED),--seed $(FUZZ_SEED)) \
		--seeds ../shared/fixtures --seeds corpus --seeds tests/data \
		|| { echo "make fuzz: findings or a crash; see fuzz/artifacts/ (last-input.docx = the input in flight)"; exit 1; }

## bench: BENCH_N reports (default 2000) from the generator, extracted and written, against the
## floor (read, inflate and tokenize the main part) in the same run: docs/s, MB/s, the ratio and
## peak memory. BENCH_JOBS threads (0 = all cores).
BENCH_N ?= 2000
BENCH_JOBS ?= 0
bench:
	$(CARGO) bench --locked --bench extract -- $(BENCH_N) --jobs $(BENCH_JOBS)

clean:
	rm -rf $(OUT) target
