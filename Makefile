# Every target needs only Go and the module proxy.
GO ?= go
BENCHTIME ?= 2s
ROUNDS ?= 10
FUZZTIME ?= 20s
# golangci-lint, pinned: `go run pkg@version` builds it from the module proxy
# without adding its dependencies to go.mod.
GOLANGCI_LINT ?= $(GO) run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0
# goreleaser, pinned the same way; only release-fake-check needs it.
GORELEASER ?= $(GO) run github.com/goreleaser/goreleaser/v2@v2.15.1
# The spec tools (gate, update, release) are a module of their own, so that
# oasdiff and its dependencies stay out of the module graphs of this
# module's users. $(call tool,NAME) builds one into bin/ (ignored by git)
# and runs it here, on the repository's files.
TOOLS := internal/tools
tool = $(GO) build -C $(TOOLS) -o "$(CURDIR)/bin/" ./cmd/$(1) && bin/$(1)

.PHONY: generate check drift tidy fmt vet lint test bench bench-rounds bench-alternating bench-answers bench-peers fuzz update-spec release-spec release spec-gate release-fake-check

## generate: published pages -> api/openapi.json -> gen/ (the whole chain)
generate:
	$(GO) generate ./...

## check: regenerate and fail on drift, gate breaking API changes, then go.mod tidiness, gofmt, go vet and golangci-lint
check: drift spec-gate tidy fmt vet lint

## spec-gate: every breaking change since api/released.json needs a reason in api/breaking-changes.yaml (V=1: list every change)
spec-gate:
	$(call tool,specgate) $(if $(V),-v)

## update-spec: fetch the published pages (or take them from FROM=DIR), merge, regenerate, report the changes
update-spec:
	$(call tool,update-spec) $(if $(FROM),-from "$(FROM)")

## release-spec: record the current effective spec as released for facade.Version; the acknowledgments move to api/releases.yaml
release-spec:
	$(call tool,specgate) -release

## release: tag vVERSION, refused unless facade.Version, CHANGELOG.md and the released spec agree (CONTRIBUTING.md)
release:
	$(call tool,release)

drift: generate
	@changed="$$(git status --porcelain -- api gen internal/answers)"; \
	if [ -n "$$changed" ]; then \
		echo "generated files differ from what is committed; run 'make generate' and commit:"; \
		echo "$$changed"; git --no-pager diff --stat -- api gen internal/answers; exit 1; \
	fi

# A requirement that nothing needs would stay in every user's module graph;
# the spec tools' go.mod is kept the same way. bench/ is left out: its
# generated peer client decides what it needs.
tidy:
	@$(GO) mod tidy -diff || { echo "go.mod or go.sum is not tidy: run go mod tidy and commit"; exit 1; }
	@cd $(TOOLS) && $(GO) mod tidy -diff || { echo "$(TOOLS)/go.mod or go.sum is not tidy: run go mod tidy there and commit"; exit 1; }
	@cd bench && $(GO) mod tidy -diff || { echo "bench/go.mod or go.sum is not tidy: run go mod tidy there and commit"; exit 1; }

fmt:
	@unformatted="$$(gofmt -l $$(git ls-files '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi

# bench/ and the spec tools are modules of their own (./... does not reach
# them): vetted and linted on their own.
vet:
	$(GO) vet ./...
	cd $(TOOLS) && $(GO) vet ./...
	cd bench && $(GO) vet ./...

## lint: golangci-lint with the deliberate linter set in .golangci.yml
lint:
	$(GOLANGCI_LINT) run ./...
	cd $(TOOLS) && $(GOLANGCI_LINT) run ./...
	cd bench && $(GOLANGCI_LINT) run ./...

# The race detector doubles to triples what building and running the suite
# costs, so an edit-and-test loop runs without it; CI (.ci/run sets CI)
# always runs the whole suite under it, and RACE=1 asks for it here.
RACE ?= $(if $(CI),1)
# -vet=off: go test would otherwise run a subset of go vet on every test
# package before testing it; `make check` runs the whole of go vet over the
# same packages (the vet target: this module, internal/tools and bench), so
# that step only repeated part of it, again after every edit.
# -ldflags=-w: test binaries are linked without DWARF, which only a
# debugger reads (stack traces and race reports take file and line from
# the pclntab); every test binary that contains the edited package is
# linked again after an edit, and this takes about 0.7 CPU-s off each.
TESTFLAGS := $(strip $(if $(filter 1,$(RACE)),-race) -vet=off -ldflags=-w)

## test: the whole suite, the spec tools' module included; under the race detector with RACE=1 and in CI (CI set)
test:
	$(GO) test $(TESTFLAGS) ./...
	cd $(TOOLS) && $(GO) test $(TESTFLAGS) ./...

## bench: every benchmark, with allocations
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./...

## bench-rounds: the client-call benchmarks ROUNDS times, interleaved (one test binary, each round runs each benchmark once); medians, CPU per call and per-round ratios to raw, as measured for BENCHMARKS.md
bench-rounds:
	@dir="$$(mktemp -d)"; trap 'rm -rf "$$dir"' EXIT; \
	$(GO) test -c -o "$$dir/facade.test" ./facade/ && cd facade && \
	../bench/rounds.sh "$$dir/facade.test" $(ROUNDS) $(BENCHTIME) '^Benchmark(Call|OrdersIterate10k)' \
		CallGen/CallRaw CallFacade/CallRaw CallFacadeNoAttemptTimeout/CallRaw CallValidated/CallRaw CallValidated/CallFacade CallFacadeInMemory/CallRawInMemory \
		CallValidatedInMemory/CallRawInMemory CallValidatedInMemory/CallFacadeInMemory \
		CallFacadePage100/CallRawPage100 CallValidatedPage100/CallRawPage100 CallValidatedPage100/CallFacadePage100

## bench-alternating: GET /me of raw, gen, the facade and the validated facade (and their parts) timed call by call, taking turns in one loop in a random order, so load from elsewhere falls on all alike; ROUNDS runs of BENCHTIME, each reporting raw's median call time and every other's median over it
bench-alternating:
	$(GO) test -run '^$$' -bench '^BenchmarkAlternating' -benchtime $(BENCHTIME) -count $(ROUNDS) ./facade/

## bench-answers: the answer check against the whole call (Me, a 100-order page), ROUNDS interleaved rounds, as measured for BENCHMARKS.md
bench-answers:
	@dir="$$(mktemp -d)"; trap 'rm -rf "$$dir"' EXIT; \
	$(GO) test -c -o "$$dir/facade.test" ./facade/ && cd facade && \
	for i in $$(seq $(ROUNDS)); do \
		"$$dir/facade.test" -test.run '^$$' -test.bench '^BenchmarkAnswers' -test.benchmem -test.benchtime $(BENCHTIME) | grep '^Benchmark'; \
	done

## bench-peers: the facade next to ogen's client, generated first from api/openapi.json, on the same in-memory answers; ROUNDS interleaved rounds, medians and facade/peer ratios
bench-peers:
	@dir="$$(mktemp -d)"; trap 'rm -rf "$$dir"' EXIT; \
	cd bench && $(GO) generate ./... && $(GO) test -c -o "$$dir/peers.test" . && \
	./peers.sh "$$dir/peers.test" $(ROUNDS) $(BENCHTIME)

## fuzz: each fuzz target for FUZZTIME, one after another (their seeds run in every go test)
# Minimizing a new input is capped at 5s: FuzzMerge's seeds are whole pages,
# and minimizing one (60s by default) took the whole budget of both workers.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzResponses$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./facade/
	$(GO) test -run '^$$' -fuzz '^FuzzValidateRequest$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./api/
	$(GO) test -run '^$$' -fuzz '^FuzzFastCheckAgreesWithKinOpenAPI$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./api/
	$(GO) test -run '^$$' -fuzz '^FuzzMerge$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 5s ./internal/specmerge/

## release-fake-check: goreleaser checks .goreleaser.yaml and builds a snapshot of proxyshard-fake for every platform into dist/
# Not part of check: building goreleaser itself takes minutes the first time.
release-fake-check:
	$(GORELEASER) check
	$(GORELEASER) build --snapshot --clean
