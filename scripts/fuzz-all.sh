#!/usr/bin/env bash
# Runs every Go fuzz target of the module briefly (FUZZTIME each, default 5s):
# a smoke run in CI, on top of the seed corpora that `go test` always runs.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-5s}
status=0
for pkg in $(go list ./...); do
	for f in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
		echo "fuzz: $pkg $f ($fuzztime)"
		if ! go test -run '^$' -fuzz "^${f}\$" -fuzztime "$fuzztime" "$pkg" >/tmp/kmsdoctor-fuzz.log 2>&1; then
			cat /tmp/kmsdoctor-fuzz.log
			status=1
		fi
	done
done
exit $status
