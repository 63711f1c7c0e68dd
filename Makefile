# Every target needs only Go and the module proxy.
GO ?= go
BENCHTIME ?= 2s

.PHONY: generate check drift fmt vet test bench

## generate: published pages -> api/openapi.json -> gen/ (the whole chain)
generate:
	$(GO) generate ./...

## check: regenerate and fail on drift, then gofmt and go vet
check: drift fmt vet

drift: generate
	@changed="$$(git status --porcelain -- api gen)"; \
	if [ -n "$$changed" ]; then \
		echo "generated files differ from what is committed; run 'make generate' and commit:"; \
		echo "$$changed"; git --no-pager diff --stat -- api gen; exit 1; \
	fi

fmt:
	@unformatted="$$(gofmt -l $$(git ls-files '*.go'))"; \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi

vet:
	$(GO) vet ./...

## test: the whole suite under the race detector
test:
	$(GO) test -race ./...

## bench: every benchmark, with allocations
bench:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime $(BENCHTIME) ./...
