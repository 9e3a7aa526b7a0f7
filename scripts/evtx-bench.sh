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

if [ "${1:-}" = "--compare" ]; then
	shift
	dirs=("$@")
	[ ${#dirs[@]} -gt 0 ] || dirs=("$CORPUS/evtx" "$CORPUS/evtx-hard")
	# For every file: our events, how many have a valid unique record id,
	# evtxexport's events, the record ids it has that we lack (missing) and
	# the reverse (extra), our skip lines, and among the records both emit,
	# how many differ in EventID, provider, channel, computer, time or data
	# values (EventData/Data and UserData leaves; FILETIMEs compared to
	# 100 ns, CR LF taken as LF).
	cat >"$tmp/cmp.py" <<'PY'
import sys, json, subprocess, re, xml.etree.ElementTree as ET
ns = '{http://schemas.microsoft.com/win/2004/08/events/event}'
kd, f = sys.argv[1], sys.argv[2]
norm = lambda d: re.sub(r'(\.\d{7})\d\dZ$', r'\1Z', d.replace('\r\n', '\n').replace('\r', '\n').strip())
x = subprocess.run(['evtxexport', '-f', 'xml', f], capture_output=True, text=True, errors='replace').stdout
ref = {}
for m in re.finditer(r'<Event [^>]*>.*?</Event>', x, re.S):
    try:
        e = ET.fromstring(m.group(0))
    except ET.ParseError:
        continue
    s = e.find(ns + 'System')
    data = [d.text or '' for d in (e.find(ns + 'EventData') or []) if d.tag == ns + 'Data']
    ud = e.find(ns + 'UserData')
    if ud is not None:
        top = list(ud)
        data += [c.text or '' for c in ud.iter() if len(c) == 0 and c is not ud and c not in top]
    g = lambda t: (s.find(ns + t).text or '') if s.find(ns + t) is not None else ''
    ref[int(g('EventRecordID'))] = (int(g('EventID')), s.find(ns + 'Provider').get('Name'), g('Channel'), g('Computer'),
                                    norm(s.find(ns + 'TimeCreated').get('SystemTime')), [norm(d) for d in data])
out = subprocess.run([kd, 'events', f], capture_output=True, text=True)
n = valid = both = differ = 0
seen = set()
for line in out.stdout.splitlines():
    o = json.loads(line)
    n += 1
    r = o.get('record_id')
    if isinstance(r, int) and r > 0 and r not in seen:
        valid += 1
    seen.add(r)
    if r in ref:
        both += 1
        mine = (o['event_id'], o['provider'], o['channel'], o['computer'], norm(o['time'] or ''), [norm(d) for d in o['data']])
        differ += mine != ref[r]
missing = len(set(ref) - seen)
extra = len(seen - set(ref))
skips = len(out.stderr.splitlines())
name = f.rsplit('/', 1)[-1]
print(f"{name[:64]:64} {n:6} {valid:6} {len(ref):10} {missing:7} {extra:6} {skips:6} {differ:6}/{both}")
PY
	printf '%-64s %6s %6s %10s %7s %6s %6s %s\n' file ours valid evtxexport missing extra skips "fields differ/compared"
	for d in "${dirs[@]}"; do
		for f in "$d"/*.evtx; do
			python3 "$tmp/cmp.py" "$tmp/kmsdoctor" "$f"
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
