# chaos — make targets. `make demo` and `make test` do all set-up on a fresh Debian machine.
SWIFT ?= swift
CONFIG ?= debug
BIN = .build/$(CONFIG)
OUT ?= out

.PHONY: deps build release lint format fuzz test unit-test conformance clients suite negative-suite examples alert-rules install dist dist-test demo bench bench-proxy soak report-png clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build -c $(CONFIG)

release: deps
	$(SWIFT) build -c release

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

format:
	$(SWIFT) format --in-place --recursive Package.swift Sources Tests

# XCTest on UNIT_TEST_WORKERS processes at once, each running whole test classes balanced by
# scripts/xctest-timings.txt, each drawing its ports from its own slice (scripts/unit-test.sh);
# UNIT_TEST_WORKERS=1 is plain `swift test --disable-swift-testing`.
UNIT_TEST_WORKERS ?= 2
unit-test: deps
	bash scripts/unit-test.sh $(SWIFT) $(UNIT_TEST_WORKERS) $(OUT)/unit-test

# The outage suite: every scenario in scenarios/, one fresh stack each, SUITE_JOBS at a time
# (docs/suite.md has the figures for 1, 2 and 3), JUnit + JSON + the timing file for --shard in out/.
SUITE_JOBS ?= 2
suite: build
	mkdir -p $(OUT)
	$(BIN)/chaos run scenarios/ -j $(SUITE_JOBS) --junit $(OUT)/suite.xml --json $(OUT)/suite.json --timings $(OUT)/suite-timings.json

# Tests, conformance, negative suite and outage suite with a private TMPDIR; then nothing may be
# left in it: no temp dir made by chaos, no process (scripts/check-leftovers.sh).
# TEST_JOBS=2 (the default): two stages, each running two lanes at once (every phase mostly waits
# on timelines and boots): first the XCTest workers beside the negative suite, conformance and
# alert rules (a broken worker is caught when a fault meets it mid-work, so the negative suite never
# runs beside other scenario runs), then the examples beside the outage suite. Each phase's output is printed as
# one block when it ends. TEST_JOBS=1: every phase one after the other, as before.
# docs/suite.md has the times.
TEST_JOBS ?= 2
test: deps lint build
ifeq ($(TEST_JOBS),1)
	@bash scripts/test-without-leftovers.sh "$(MAKE)" unit-test conformance clients negative-suite alert-rules examples suite
else
	$(SWIFT) build --build-tests
	@bash scripts/test-without-leftovers.sh "$(MAKE)" -j2 --output-sync=target test-stages
endif

# The stages of `make test` with TEST_JOBS=2; each sub-make inherits -j2, so a stage's two
# prerequisites run at once.
.PHONY: test-stages test-stage-1 test-stage-1-rest test-stage-2
test-stages:
	$(MAKE) test-stage-1
	$(MAKE) test-stage-2
test-stage-1: unit-test test-stage-1-rest
test-stage-1-rest:
	$(MAKE) -j1 negative-suite conformance clients alert-rules
test-stage-2: examples suite

# compose/alerts.yml: syntax and a unit test of its rules with promtool (Debian's prometheus package).
alert-rules: deps
	promtool check rules compose/alerts.yml
	cd compose && promtool test rules alerts-test.yml

# Toxiproxy conformance: `chaos proxy` driven by a real Toxiproxy client (toxiproxy-python, pinned,
# pip-installed into .build/conformance-venv) with real redis-server upstreams.
conformance: build
	bash scripts/conformance.sh $(BIN)/chaos

# Clients as they speak today (issue 19.3): redis-py RESP2/RESP3 ± hiredis, pika, kombu (pinned,
# pip-installed into .build/clients-venv) and Debian's python3-redis/python3-pika, through
# `chaos run` and the proxies' taps against real servers; a Redis restart judged by `recovery:`.
# About 20 s once the venv exists.
clients: build
	bash scripts/clients.sh $(BIN)/chaos

# Scenarios against deliberately broken workers: each must fail with its named expectation.
negative-suite: build
	NEGATIVE_OUT=$(OUT)/negative bash scripts/negative-suite.sh $(BIN)/chaos

# The outage scenarios against systems that are not ours: examples/python-pipeline (the seed's
# workers in Python) and examples/celery. Each must fail or pass as its file says (docs/examples.md).
examples: build
	EXAMPLES_OUT=$(OUT)/examples bash scripts/examples-suite.sh $(BIN)/chaos

demo: build
	mkdir -p $(OUT)
	$(BIN)/chaos run scenarios/redis-restart.scn --junit $(OUT)/redis-restart.xml --json $(OUT)/redis-restart.json

# Benchmark of the proxy against direct redis and HAProxy (not part of `make test`).
# THREADS=2: HAProxy `nbthread 2` against `chaos proxy --threads 2`.
THREADS ?= 1
bench-proxy: deps
	$(SWIFT) build -c release --product chaos
	THREADS=$(THREADS) bash scripts/bench-proxy.sh

# A soak: random faults from scenarios/soak/soak.scn for SOAK_DURATION (SOAK_SEED replays a run).
SOAK_DURATION ?= 10m
SOAK_SEED ?=
soak: build
	@mkdir -p $(OUT)
	$(BIN)/chaos soak scenarios/soak/soak.scn --duration $(SOAK_DURATION) $(if $(SOAK_SEED),--seed $(SOAK_SEED)) \
		--report $(OUT)/soak.html --json $(OUT)/soak.json

# The HTML timeline report of a run, rendered by headless Chromium to $(OUT)/report.png.
# Chromium is installed for this target only (not for `make test`).
REPORT_SCENARIO ?= scenarios/redis-restart.scn
report-png: build
	@bash scripts/install-deps.sh chromium
	@mkdir -p $(OUT)
	@rm -f $(OUT)/report.html $(OUT)/report.png
	-$(BIN)/chaos run $(REPORT_SCENARIO) --report $(OUT)/report.html --json $(OUT)/report.json
	@test -s $(OUT)/report.html
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,1000 \
		--screenshot=$(abspath $(OUT))/report.png file://$(abspath $(OUT))/report.html 2>/dev/null
	@echo "report: $(OUT)/report.html  picture: $(OUT)/report.png"

# libFuzzer (-sanitize=fuzzer,address) on the RESP and AMQP decoders, the .scn parser and the API's
# request bodies, FUZZ_SECONDS each, from the committed corpus in Fuzz/corpus (docs/hardening.md).
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

clean:
	rm -rf .build $(OUT)

# Install under PREFIX: chaos and chaos-worker (side by side: chaos finds its worker next to it),
# bash / zsh / fish completions and the man page, both generated by swift-argument-parser.
PREFIX ?= /usr/local
VERSION = $(shell sed -n 's/.*static let text = "\(.*\)"/\1/p' Sources/chaos/ChaosVersion.swift)
DIST = chaos-$(VERSION)-linux-$(shell uname -m)
install: release
	bash scripts/install-tree.sh .build/release "$(DESTDIR)$(PREFIX)"

# A release tarball with the Swift runtime linked in statically: needs only Debian's libhiredis,
# librabbitmq, libevent (and redis-server, rabbitmq-server to run scenarios). Tested by
# scripts/test-dist.sh: unpacked in a clean directory, it runs scenarios/redis-restart.scn.
dist: deps
	$(SWIFT) build -c release --static-swift-stdlib
	rm -rf $(OUT)/$(DIST) && mkdir -p $(OUT)/$(DIST)
	bash scripts/install-tree.sh .build/release $(OUT)/$(DIST)
	cp -r scenarios README.md $(OUT)/$(DIST)/
	tar -C $(OUT) -czf $(OUT)/$(DIST).tar.gz $(DIST)
	@echo "$(OUT)/$(DIST).tar.gz"

# The tarball, unpacked in a clean directory, runs scenarios/redis-restart.scn with a bare environment.
dist-test: dist
	bash scripts/test-dist.sh $(OUT)/$(DIST).tar.gz
