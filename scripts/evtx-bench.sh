#!/usr/bin/env bash
# evtx-bench.sh: throughput of `kmsdoctor events` against libyal's evtxexport
# on a large EVTX file made of real chunks, plus a record-count comparison
# over the corpus.
#
#   scripts/evtx-bench.sh [COPIES [RUNS]]     (defaults: 8 copies, 5 runs)
#   scripts/evtx-bench.sh --compare [DIR...]  per-file counts vs evtxexport
#
# The big file is built at run time in a temporary directory (never
# committed): the used chunks of the dense corpus sample are repeated COPIES
# times and the file header's chunk count, last chunk number and CRC32 are
# rewritten (chunks are self-contained, so the result is a valid EVTX file).
# Needs: Go, python3, Debian packages libevtx-utils (evtxexport) and time
# (/usr/bin/time). Run from the repository root. Setup (idempotent):
#   apt-get install -y libevtx-utils time
set -euo pipefail

CORPUS=${EVTX_CORPUS:-/work/shared/corpus}
SRC=${EVTX_BENCH_SRC:-$CORPUS/evtx-hard/dense-L_hayabusa_DeepBlueCLI_smb-password-guessing-security.evtx}

need() { command -v "$1" >/dev/null || { echo "evtx-bench: $1 not found ($2)" >&2; exit 2; }; }
need evtxexport "apt-get install -y libevtx-utils"
need python3 "apt-get install -y python3"
[ -x /usr/bin/time ] || { echo "evtx-bench: /usr/bin/time not found (apt-get install -y time)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/kmsdoctor" ./cmd/kmsdoctor

# count_ours FILE: events emitted, records with a valid unique record_id.
count_ours() {
	"$tmp/kmsdoctor" events "$1" 2>/dev/null | python3 -c '
import sys, json
n = valid = 0; seen = set()
for line in sys.stdin:
    n += 1
    r = json.loads(line).get("record_id")
    if isinstance(r, int) and r > 0 and r not in seen:
        valid += 1; seen.add(r)
print(n, valid)'
}
ids_ours() { "$tmp/kmsdoctor" events "$1" 2>/dev/null | python3 -c '
import sys, json
for l in sys.stdin: print(json.loads(l)["record_id"])' | sort -n; }
ids_evtxexport() { evtxexport -f xml "$1" 2>/dev/null | sed -n 's/.*<EventRecordID>\([0-9]*\)<.*/\1/p' | sort -n; }

if [ "${1:-}" = "--compare" ]; then
	shift
	dirs=("$@")
	[ ${#dirs[@]} -gt 0 ] || dirs=("$CORPUS/evtx" "$CORPUS/evtx-hard")
	printf '%-72s %8s %8s %10s %8s %6s %6s\n' file ours valid evtxexport missing extra skips
	for d in "${dirs[@]}"; do
		for f in "$d"/*.evtx; do
			read -r n valid < <(count_ours "$f")
			ids_ours "$f" >"$tmp/o"; ids_evtxexport "$f" >"$tmp/e"
			missing=$(comm -23 "$tmp/e" "$tmp/o" | wc -l); extra=$(comm -13 "$tmp/e" "$tmp/o" | wc -l)
			skips=$("$tmp/kmsdoctor" events "$f" 2>&1 >/dev/null | wc -l)
			printf '%-72s %8d %8d %10d %8d %6d %6d\n' "$(basename "$f" | cut -c1-72)" "$n" "$valid" "$(wc -l <"$tmp/e")" "$missing" "$extra" "$skips"
		done
	done
	exit 0
fi

COPIES=${1:-8}
RUNS=${2:-5}
big="$tmp/dense-L-x$COPIES.evtx"
python3 - "$SRC" "$big" "$COPIES" <<'PY'
import struct, sys, zlib
src, dst, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
b = open(src, 'rb').read()
hdr = bytearray(b[:4096])
chunks = [b[4096 + i*65536: 4096 + (i+1)*65536] for i in range((len(b) - 4096) // 65536)]
used = [c for c in chunks if c[:8] == b'ElfChnk\0']
out = used * copies
if len(out) > 0xffff:
    sys.exit("too many chunks for the header's 16-bit count")
struct.pack_into('<QQ', hdr, 8, 0, len(out) - 1)   # first, last chunk number
struct.pack_into('<H', hdr, 42, len(out))          # number of chunks
struct.pack_into('<I', hdr, 120, 0)                # flags: clean
struct.pack_into('<I', hdr, 124, zlib.crc32(bytes(hdr[:120])) & 0xffffffff)
with open(dst, 'wb') as f:
    f.write(hdr)
    for c in out:
        f.write(c)
print(f"built {dst}: {len(used)} used chunks x {copies} = {len(out)} chunks, {4096 + 65536*len(out)} bytes", file=sys.stderr)
PY
size=$(stat -c %s "$big")
recs_ours=$("$tmp/kmsdoctor" events "$big" 2>/dev/null | wc -l)
recs_x=$(evtxexport -f xml "$big" 2>/dev/null | grep -c '<Event ' || true)
echo "file: $size bytes; records: kmsdoctor $recs_ours, evtxexport $recs_x"
[ "$recs_ours" = "$recs_x" ] || echo "WARNING: record counts differ" >&2

# run NAME CMD...: RUNS timed runs, output to /dev/null; prints the median
# wall time, its CPU time and the largest peak RSS.
run() {
	local name=$1; shift
	for i in $(seq "$RUNS"); do
		/usr/bin/time -f '%e %U %S %M' -o "$tmp/t.$i" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
	done
	cat "$tmp"/t.* | sort -n | awk -v name="$name" -v recs="$recs_ours" -v size="$size" -v runs="$RUNS" '
		{ w[NR]=$1; c[NR]=$2+$3; if ($4>m) m=$4 }
		END { i=int((NR+1)/2); printf "%-26s runs %d  median wall %.3f s  cpu %.3f s  %.1f MB/s  %.0f records/s  peak RSS %.1f MiB\n",
			name, runs, w[i], c[i], size/1e6/w[i], recs/w[i], m/1024 }'
	rm -f "$tmp"/t.*
	echo "$name" >/dev/null
}
echo "== $COPIES x dense-L, $RUNS runs each, output to /dev/null (nproc $(nproc), load $(cut -d' ' -f1 /proc/loadavg))"
run "kmsdoctor events jsonl" "$tmp/kmsdoctor" events --format jsonl "$big"
run "kmsdoctor events xml" "$tmp/kmsdoctor" events --format xml "$big"
run "evtxexport -f xml" evtxexport -f xml "$big"
