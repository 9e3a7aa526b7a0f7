#!/usr/bin/env bash
# wine-test.sh: run the Windows code of kmsdoctor under Wine (wine64 from
# Debian), as far as Wine can run it:
#   1. the windows/amd64 test binary of internal/winsys: the registry,
#      GetAdaptersAddresses, the runner and the COM plumbing of the go-ole
#      WMI reader (tests named *Live);
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

echo "wine-test: 1. internal/winsys test binary (windows/amd64)"
GOOS=windows GOARCH=amd64 $GO test -c -o "$work/winsys.test.exe" ./internal/winsys
if ! (cd "$work" && "$WINE" ./winsys.test.exe -test.v -test.run 'Live$|ErrorIs|QueryOptional') 2>&1 | sed 's/^/    /'; then
	echo "wine-test: FAIL: the winsys tests under Wine"
	exit 1
fi

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
