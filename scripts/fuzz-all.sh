#!/usr/bin/env bash
# Runs every Go fuzz target of the module briefly (FUZZTIME each, default 5s):
# a smoke run in CI, on top of the seed corpora that `go test` always runs.
# Besides panics, the input-side targets fail on hostile-input costs: the
# ingest targets when an input allocates, or `events` prints, more than a
# bounded multiple of its size (fuzzLimit in internal/ingest/limits_test.go),
# the EVTX target when its output passes evtx.MaxChunkSize per chunk.
#
# Minimisation is capped (-fuzzminimizetime) so that a large input (a 64 KiB
# EVTX chunk) does not spend the whole budget being minimised. Go's fuzzing
# coordinator sometimes ends a short run with "context deadline exceeded"
# when a worker is slow to stop on a loaded machine, without any failing
# input; such a run is retried once. A real failure writes the input under
# testdata/fuzz and fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${FUZZTIME:-5s}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
for pkg in $(go list ./...); do
	for f in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
		for try in 1 2; do
			echo "fuzz: $pkg $f ($fuzztime, try $try)"
			if go test -run '^$' -fuzz "^${f}\$" -fuzztime "$fuzztime" -fuzzminimizetime 2s "$pkg" >"$log" 2>&1; then
				break
			fi
			if [ "$try" = 1 ] && grep -q 'context deadline exceeded' "$log" && ! grep -q 'Failing input written' "$log"; then
				echo "fuzz: $f: coordinator deadline without a failing input; retrying once"
				continue
			fi
			cat "$log"
			status=1
			break
		done
	done
done
exit $status
