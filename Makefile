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

clean:
	rm -rf $(OUT) target
