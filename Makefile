# kmsdoctor: `make test` is the one command that sets up and runs every test
# (CI's .ci/run calls it). As root it installs the Debian packages of the
# network lab and runs the namespace lab tests too.
GO ?= go
FUZZTIME ?= 5s

.PHONY: all build test deps vet windows unit wine browser screenshots fuzz generate bench evtx-bench run clean dist

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

# unit runs every test and ends with one line: "N passed, N failed, N
# skipped" (scripts/testsum prints the output of each failed test first).
unit:
	@if [ "$$(id -u)" = 0 ]; then export KMSDOCTOR_LAB=1; fi; \
	out=$$(mktemp); $(GO) test -count=1 -json ./... > "$$out"; \
	$(GO) run ./scripts/testsum < "$$out"; status=$$?; rm -f "$$out"; exit $$status

# windows: for windows/amd64 and windows/arm64, go vet of every package and
# go test -c of every package with tests (scripts/windows-build.sh).
windows:
	GO=$(GO) scripts/windows-build.sh

fuzz:
	FUZZTIME=$(FUZZTIME) scripts/fuzz-all.sh

# wine runs the Windows code under Wine (scripts/wine-test.sh): the winsys
# test binary and the real kmsdoctor.exe collect. Without wine64 it skips
# with a message (as root it installs wine64 when that removes nothing).
wine:
	GO=$(GO) scripts/wine-test.sh

test: deps vet windows fuzz wine browser unit

# dist builds release binaries into dist/ (gitignored): kmsdoctor.exe for
# windows/amd64 and arm64, with a version resource and an application
# manifest (asInvoker; a .syso made by go-winres through the module proxy,
# removed again after the build), linux/amd64 and arm64, and SHA256SUMS.
VERSION ?= $(shell sed -n 's/^var Version = "\(.*\)"/\1/p' internal/report/report.go)
WINRES ?= github.com/tc-hib/go-winres@v0.3.3
DIST_LDFLAGS = -s -w -X github.com/kmsdoctor/kmsdoctor/internal/report.Version=$(VERSION)

dist:
	rm -rf dist && mkdir -p dist
	@set -e; trap 'rm -f cmd/kmsdoctor/rsrc_windows_*.syso' EXIT; \
	(cd cmd/kmsdoctor && $(GO) run $(WINRES) simply --arch amd64,arm64 --out rsrc --manifest cli \
		--product-name kmsdoctor --file-description "kmsdoctor: Windows KMS activation diagnosis" \
		--product-version $(VERSION).0 --file-version $(VERSION).0 --original-filename kmsdoctor.exe); \
	for arch in amd64 arm64; do \
		echo "dist/windows-$$arch/kmsdoctor.exe"; \
		CGO_ENABLED=0 GOOS=windows GOARCH=$$arch $(GO) build -trimpath -ldflags "$(DIST_LDFLAGS)" -o dist/windows-$$arch/kmsdoctor.exe ./cmd/kmsdoctor; \
		echo "dist/linux-$$arch/kmsdoctor"; \
		CGO_ENABLED=0 GOOS=linux GOARCH=$$arch $(GO) build -trimpath -ldflags "$(DIST_LDFLAGS)" -o dist/linux-$$arch/kmsdoctor ./cmd/kmsdoctor; \
	done
	cd dist && sha256sum */kmsdoctor* > SHA256SUMS && cat SHA256SUMS

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
	rm -rf bin dist
