#!/usr/bin/env bash
# wine-test.sh: run the Windows code of kmsdoctor under Wine (wine64 from
# Debian), as far as Wine can run it:
#   1. the windows/amd64 test binaries of internal/winsys (the registry,
#      GetAdaptersAddresses, DnsQuery, WinHTTP's proxy, the runner and the
#      COM plumbing of the go-ole WMI reader: tests named *Live), probe
#      (Winsock errors, TCP on loopback), remedy, textout and collect;
#   2. the real kmsdoctor.exe collect -o bundle.zip, end to end: its WMI and
#      event-log collectors fail into the manifest (Wine has no licensing
#      service and a stub wevtapi);
#   3. analyze of that bundle on Linux (TestWineBundle).
# Go 1.21.5 and later need bcryptprimitives.dll!ProcessPrng, which Wine 8.0
# lacks: scripts/prngshim writes a 1 KiB DLL that forwards it to
# advapi32.SystemFunction036 into the prefix.
#
# Without wine64 (and when it cannot be installed without removing a
# package, or we are not root) it says so and exits 0. It uses a fresh
# prefix in a temporary folder and removes it.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}

find_wine() { command -v wine64 || { [ -x /usr/lib/wine/wine64 ] && echo /usr/lib/wine/wine64; } || true; }
WINE=$(find_wine)
if [ -z "$WINE" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	plan=$(apt-get -s install --no-install-recommends wine64 2>/dev/null || true)
	if [ -z "$plan" ] || grep -q '^Remv' <<<"$plan"; then
		echo "wine-test: SKIP: installing wine64 would remove packages (or apt cannot install it); the Wine tests did not run"
		exit 0
	fi
	echo "wine-test: installing wine64 (apt-get, nothing removed)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wine64 >/dev/null
	WINE=$(find_wine)
fi
if [ -z "$WINE" ]; then
	echo "wine-test: SKIP: wine64 is not installed (as root, make test installs it); the Wine tests did not run"
	exit 0
fi
WINESERVER=$(dirname "$WINE")/wineserver
[ -x "$WINESERVER" ] || WINESERVER=$(command -v wineserver || echo true)

work=$(mktemp -d /tmp/kmsdoctor-wine.XXXXXX)
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
cleanup() { "$WINESERVER" -k >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

start=$SECONDS
echo "wine-test: $("$WINE" --version), prefix $WINEPREFIX"
"$WINE" wineboot --init >/dev/null 2>&1 || true
"$WINESERVER" -w || true
sys32=$WINEPREFIX/drive_c/windows/system32
[ -d "$sys32" ] || { echo "wine-test: FAIL: wineboot made no prefix"; exit 1; }
$GO run ./scripts/prngshim "$sys32/bcryptprimitives.dll"

# The packages with Windows code (and collect, which runs on winsys): each
# test binary runs whole, from its package folder (for its testdata), with
# KMSDOCTOR_WINE set so that the few tests Wine cannot host say so and skip
# (UDP sockets: Wine lacks SIO_UDP_CONNRESET) or clean up another way.
export KMSDOCTOR_WINE=1
echo "wine-test: 1. the windows/amd64 test binaries of the Windows packages"
for pkg in internal/winsys internal/probe internal/remedy internal/textout internal/collect; do
	exe=$work/$(basename "$pkg").test.exe
	GOOS=windows GOARCH=amd64 $GO test -c -o "$exe" "./$pkg"
	log=$work/$(basename "$pkg").log
	if ! (cd "$pkg" && "$WINE" "$exe" -test.count=1 -test.v >"$log" 2>&1); then
		grep -E -- '^(--- FAIL|FAIL|panic)|_test.go' "$log" | sed 's/^/    /'
		echo "wine-test: FAIL: $pkg under Wine"
		exit 1
	fi
	pass=$(grep -c -- '^--- PASS' "$log" || true)
	skip=$(grep -c -- '^--- SKIP' "$log" || true)
	echo "    $pkg: $pass passed, $skip skipped"
	awk '/^=== RUN/ { why = "" } /^ +[A-Za-z0-9_]+_test\.go:[0-9]+: / { why = $0; sub(/^ +/, "", why) } /^ *--- SKIP/ { print "      skipped " $3 ": " why }' "$log"
done

echo "wine-test: 2. kmsdoctor.exe collect -o bundle.zip"
GOOS=windows GOARCH=amd64 $GO build -o "$work/kmsdoctor.exe" ./cmd/kmsdoctor
if ! (cd "$work" && "$WINE" ./kmsdoctor.exe collect -o bundle.zip --lang en) 2>&1 | sed 's/^/    /' || [ ! -s "$work/bundle.zip" ]; then
	echo "wine-test: FAIL: collect under Wine wrote no bundle"
	exit 1
fi

echo "wine-test: 3. analyze of that bundle on Linux"
if ! KMSDOCTOR_WINE_BUNDLE=$work/bundle.zip $GO test -count=1 ./cmd/kmsdoctor -run '^TestWineBundle$' -v >"$work/analyze.log" 2>&1; then
	sed 's/^/    /' "$work/analyze.log"
	echo "wine-test: FAIL: the bundle written under Wine"
	exit 1
fi
grep -E '^(--- |ok )' "$work/analyze.log" | sed 's/^/    /'
echo "wine-test: PASS ($((SECONDS - start))s)"
