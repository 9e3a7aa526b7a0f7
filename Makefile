# kmsdoctor: `make test` is the one command that sets up and runs every test
# (CI's .ci/run calls it). As root it installs the Debian packages of the
# network lab and runs the namespace lab tests too.
GO ?= go
FUZZTIME ?= 5s

.PHONY: all build test deps vet unit browser screenshots fuzz generate bench evtx-bench run clean

all: build

build:
	$(GO) build -o bin/kmsdoctor ./cmd/kmsdoctor

run:
	$(GO) run ./cmd/kmsdoctor analyze samples/

# deps installs what the tests need: Debian packages for the lab (root only)
# and the Go modules through the module proxy.
deps:
	@if [ "$$(id -u)" = 0 ] && [ -x scripts/lab-deps.sh ]; then scripts/lab-deps.sh; \
	else echo "not root: skipping the Debian packages of the network lab (lab tests will skip)"; fi
	$(GO) mod download

vet:
	@test -z "$$(gofmt -l cmd internal)" || { echo "gofmt needed:"; gofmt -l cmd internal; exit 1; }
	$(GO) vet ./...

unit:
	@if [ "$$(id -u)" = 0 ]; then export KMSDOCTOR_LAB=1; fi; $(GO) test -count=1 ./...

fuzz:
	FUZZTIME=$(FUZZTIME) scripts/fuzz-all.sh

test: deps vet unit browser fuzz

# browser installs Debian's Chromium when apt would remove nothing
# (scripts/chromium-deps.sh) and runs the dashboard's browser tests, which
# fail rather than skip under KMSDOCTOR_BROWSER=1; screenshots of every page
# in both languages land in artifacts/browser/ (gitignored).
browser:
	@scripts/chromium-deps.sh
	@if [ -x /usr/bin/chromium ]; then export KMSDOCTOR_BROWSER=1; fi; $(GO) test -count=1 -run 'TestBrowser' -v ./internal/server/

# screenshots refreshes the README's overview screenshots from a browser run.
screenshots: browser
	cp artifacts/browser/overview-en.png docs/dashboard-overview-en.png
	cp artifacts/browser/overview-ja.png docs/dashboard-overview-ja.png

generate:
	$(GO) generate ./...
	@git diff --exit-code -- internal/knowledge/win32names_gen.go || { echo "generated code is stale"; exit 1; }

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

evtx-bench:
	scripts/evtx-bench.sh

clean:
	rm -rf bin
