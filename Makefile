# chaos — make targets. `make demo` and `make test` do all set-up on a fresh Debian machine.
SWIFT ?= swift
CONFIG ?= debug
BIN = .build/$(CONFIG)
OUT ?= out

.PHONY: deps build release lint format test unit-test conformance suite negative-suite examples demo bench bench-proxy soak report-png clean

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

unit-test: deps
	$(SWIFT) test --disable-swift-testing

# The outage suite: every scenario in scenarios/, one fresh stack each, JUnit + JSON in out/.
suite: build
	mkdir -p $(OUT)
	$(BIN)/chaos run scenarios/ --junit $(OUT)/suite.xml --json $(OUT)/suite.json

# Tests, conformance, negative suite and outage suite with a private TMPDIR; then nothing may be
# left in it: no temp dir made by chaos, no process (scripts/check-leftovers.sh).
test: deps lint build
	@bash scripts/test-without-leftovers.sh "$(MAKE)" unit-test conformance negative-suite examples suite

# Toxiproxy conformance: `chaos proxy` driven by a real Toxiproxy client (toxiproxy-python, pinned,
# pip-installed into .build/conformance-venv) with real redis-server upstreams.
conformance: build
	bash scripts/conformance.sh $(BIN)/chaos

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
bench-proxy: deps
	$(SWIFT) build -c release --product chaos
	bash scripts/bench-proxy.sh

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

clean:
	rm -rf .build $(OUT)
