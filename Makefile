# chaos — make targets. `make demo` and `make test` do all set-up on a fresh Debian machine.
SWIFT ?= swift
CONFIG ?= debug
BIN = .build/$(CONFIG)
OUT ?= out

.PHONY: deps build release lint format test unit-test suite negative-suite demo bench bench-proxy soak clean

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

test: deps lint build unit-test suite

# Scenarios against deliberately broken workers: each must fail with its named expectation.
negative-suite: build
	NEGATIVE_OUT=$(OUT)/negative bash scripts/negative-suite.sh $(BIN)/chaos

demo: build
	mkdir -p $(OUT)
	$(BIN)/chaos run scenarios/redis-restart.scn --junit $(OUT)/redis-restart.xml --json $(OUT)/redis-restart.json

# Benchmark of the proxy against direct redis and HAProxy (not part of `make test`).
bench-proxy: deps
	$(SWIFT) build -c release --product chaos
	bash scripts/bench-proxy.sh

clean:
	rm -rf .build $(OUT)
