# feedd — `make run` builds and runs the daemon on the example config; `make test` installs what the build
# needs, builds, lints and runs every test.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
SWIFT ?= swift
CONFIG ?= Config/feedd.yaml
SHARED ?= ../shared
# zsh and fish: the completion tests load feedd's scripts in each shell; openssl and nginx: the TLS and HTTP/2
# tests' servers (each on its own configuration and a free port of 127.0.0.1); postgresql: the PostgreSQL store's
# tests, on a throwaway cluster that `make test` starts (Scripts/with-postgres.sh).
APT_PACKAGES := libcurl4-openssl-dev libssl-dev libxml2-dev libsqlite3-dev libzstd-dev pkg-config python3 zsh fish openssl nginx postgresql
BENCH_FEEDS ?= 1000
# Release builds link the Swift runtime and Foundation statically, so a short command (`feedd dump`, a hook's
# `feedd ack`, each `feedd parse` of `make conformance`) starts in about half the time. Every release product
# shares the flag, so they share one build.
RELEASE := build -c release --static-swift-stdlib

.PHONY: all deps build release run test lint format conformance bench-e2e man completions clean bench-fetch bench-schedule bench-store bench-scale bench-scaleout bench-websub

all: build

# Debian packages the build and tests need; installed only when missing (as root, or through sudo). Installing
# nginx or postgresql starts its system service (nginx's default site on port 80, PostgreSQL's main cluster on
# 5432), which the tests never use: when this installed one, its service is stopped and kept from starting at boot
# (systemd, or the init script without it).
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing || exit 1; \
		for service in nginx postgresql; do \
			if [[ " $$missing " == *" $$service "* ]]; then \
				if [ -d /run/systemd/system ]; then $$SUDO systemctl disable --now $$service.service; \
				else $$SUDO service $$service stop >/dev/null 2>&1 || true; $$SUDO update-rc.d $$service disable >/dev/null 2>&1 || true; fi; \
			fi; \
		done; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) $(RELEASE)

run: release
	.build/release/feedd run --config $(CONFIG)

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format format --in-place --recursive Package.swift Sources Tests

# The tests run beside a throwaway PostgreSQL cluster (unless FEEDD_TEST_POSTGRES names a server), stopped after.
test: deps lint
	$(SWIFT) build --build-tests
	Scripts/with-postgres.sh $(SWIFT) test --skip-build --no-parallel

# feedparser's corpus through the harness (../shared/conformance); prints the score.
conformance: release
	python3 $(SHARED)/conformance/harness.py --tests $(SHARED)/conformance/corpora/feedparser/tests \
		--list $(SHARED)/conformance/subsets/feedparser-core.txt -j 2 \
		--cmd '.build/release/feedd parse --url {url} {file}' --min-pass $(or $(CORE_MIN),0) | tail -n 25
	python3 $(SHARED)/conformance/harness.py --tests $(SHARED)/conformance/corpora/feedparser-dates -j 2 \
		--cmd '.build/release/feedd parse {file}' --min-pass $(or $(DATES_MIN),0) | tail -n 8

# End to end on the shared corpus, beside newsboat (Benchmarks/README.md).
bench-e2e: release
	Benchmarks/bench_e2e.sh $(BENCH_FEEDS)

# The man page, from the command-line definitions (swift-argument-parser's GenerateManual plugin).
MAN_DATE ?= $(shell git log -1 --format=%cs 2>/dev/null || date +%F)
man: build
	$(SWIFT) package plugin generate-manual --configuration debug --date $(MAN_DATE)
	mkdir -p .build/man/man1 && cp .build/plugins/GenerateManual/outputs/feedd/feedd.1 .build/man/man1/feedd.1
	@echo "man page: .build/man/man1/feedd.1 (man -l .build/man/man1/feedd.1)"

# Shell completion scripts for bash, zsh and fish.
completions: build
	mkdir -p .build/completions
	for shell in bash zsh fish; do .build/debug/feedd --generate-completion-script $$shell > .build/completions/feedd.$$shell; done
	@echo "completions: .build/completions/feedd.{bash,zsh,fish}"

# The fetcher alone on the same corpus, cold and warm, beside curl --parallel (Benchmarks/README.md).
bench-fetch: deps
	$(SWIFT) $(RELEASE) --product feedd-fetch-bench
	Benchmarks/bench_fetch.sh $(BENCH_FEEDS)

# The real poll policy over 5,000 simulated feeds for 30 virtual days (Benchmarks/README.md); exits 1 on a missed
# target.
bench-schedule: deps
	$(SWIFT) $(RELEASE) --product feedd-schedule-sim
	.build/release/feedd-schedule-sim

# 1000 and 5000 feeds in one run, every reference beside them; prints the table and exits 1 on a missed target
# (Benchmarks/README.md).
bench-scale: release
	Benchmarks/bench_scale.sh 1000 5000

# WebSub: 1000 feeds subscribed at a loopback hub that pushes 100 updates a second for 30 s: publication to
# stored (median, p99), the daemon's CPU per push, beside the wait polling alone would have (Benchmarks/README.md).
bench-websub: release
	$(SWIFT) $(RELEASE) --product feedd-websub-bench
	.build/release/feedd-websub-bench .build/release/feedd $(or $(WEBSUB_FEEDS),1000) 100 30

# 1, 2 and 3 `feedd run` on one throwaway PostgreSQL beside one on SQLite, cold, all-304 and with a worker killed,
# over SCALEOUT_FEEDS (5000) feeds; prints the table and exits 1 when a feed was requested other than once or items
# were lost or duplicated (Benchmarks/README.md).
SCALEOUT_FEEDS ?= 5000
bench-scaleout: release
	Scripts/with-postgres.sh Benchmarks/bench_scaleout.sh $(SCALEOUT_FEEDS)

# The store: insert and dump throughput, bytes per item beside newsboat's cache (Benchmarks/README.md).
bench-store: release
	Benchmarks/bench_store.sh $(BENCH_FEEDS)

clean:
	rm -rf .build

# Parser speed and memory beside xmllint, fastfeedparser and feedparser-rs (Benchmarks/README.md).
.PHONY: bench-parse fuzz
bench-parse: deps
	$(SWIFT) $(RELEASE) --product feedd-parse-bench
	Benchmarks/bench_parse.sh $(BENCH_FEEDS)

# libFuzzer targets (ASan + fuzzer instrumentation, their own scratch path), each FUZZ_SECONDS on its own corpus
# in FUZZ_DIR/NAME, crashes in FUZZ_DIR/NAME/artifacts: `parse` runs FeedParser over documents seeded with
# feedparser's corpus; `sanitize` checks the sanitizer's byte scan against its full path on HTML fragments and
# fails on any difference (Benchmarks/README.md). `make fuzz FUZZ_TARGETS=sanitize` runs one.
FUZZ_SECONDS ?= 600
FUZZ_DIR ?= /tmp/feedd-fuzz
FUZZ_TARGETS ?= parse sanitize
FUZZ_BUILD := $(SWIFT) build -c release --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
FUZZ_SEEDS_parse := $(SHARED)/conformance/corpora/feedparser/tests $(SHARED)/conformance/corpora/feedparser-dates
FUZZ_FLAGS_parse := -max_len=65536
FUZZ_SEEDS_sanitize := Benchmarks/SanitizeFuzz/seeds
FUZZ_FLAGS_sanitize := -max_len=4096 -dict=Benchmarks/SanitizeFuzz/html.dict
fuzz: deps
	$(foreach target,$(FUZZ_TARGETS),$(FUZZ_BUILD) --product feedd-$(target)-fuzz &&) true
	$(foreach target,$(FUZZ_TARGETS),mkdir -p $(FUZZ_DIR)/$(target)/corpus $(FUZZ_DIR)/$(target)/artifacts && \
		.build-fuzz/release/feedd-$(target)-fuzz $(FUZZ_DIR)/$(target)/corpus $(FUZZ_SEEDS_$(target)) \
		$(FUZZ_FLAGS_$(target)) -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 \
		-artifact_prefix=$(FUZZ_DIR)/$(target)/artifacts/ -print_final_stats=1 &&) true

# feedparser's wellformed/sanitize tests, failures split into security and form-only (Benchmarks/sanitize_split.py).
.PHONY: sanitize-split
sanitize-split: release
	python3 $(SHARED)/conformance/harness.py --tests $(SHARED)/conformance/corpora/feedparser/tests -j 2 \
		--cmd '.build/release/feedd parse --url {url} {file}' --report /tmp/feedd-sanitize.json \
		'wellformed/sanitize/*' >/dev/null || true
	python3 Benchmarks/sanitize_split.py /tmp/feedd-sanitize.json $(SHARED)/conformance/corpora/feedparser/tests \
		.build/release/feedd
