# chaos — make targets. `make demo` and `make test` do all set-up on a fresh Debian machine.
SWIFT ?= swift
CONFIG ?= debug
BIN = .build/$(CONFIG)
OUT ?= out

.PHONY: deps build release lint format test unit-test suite demo bench bench-proxy soak clean

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

test: deps lint build unit-test

demo: build
	$(BIN)/chaos run scenarios/redis-restart.scn

clean:
	rm -rf .build $(OUT)
