#!/usr/bin/env bash
# Peak memory of `incident import statuspage` on a large generated incident list; see
# docs/performance.md ("Importing a large status page").
#
#   benches/statuspage.sh                        # 16,000 incidents of 12 updates (~109 MB)
#   INCIDENTS=4000 benches/statuspage.sh         # ~27 MB
#   BIN=/path/to/other/incident benches/statuspage.sh   # compare another build
#
# Generates `{"page": …, "incidents": [ … ]}` here (python3; deterministic): each incident
# has 12 updates (investigating, identified, monitoring, resolved: 3 status changes) with a
# ~250-byte HTML body and one component change. Runs `--dry-run` (read, map, print; nothing
# written) under GNU time and prints the wall time and the peak resident memory.
set -euo pipefail

cd "$(dirname "$0")/.."
INCIDENTS=${INCIDENTS:-16000}
OUT=${OUT:-/tmp/incident-statuspage-bench}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 2; }
if [ -z "${BIN:-}" ]; then
  cargo build --quiet --bin incident
  BIN=$PWD/target/debug/incident
fi
export SOURCE_DATE_EPOCH=1710000000 TZ=UTC

rm -rf "$OUT" && mkdir -p "$OUT/incidents"
JSON=$OUT/incidents.json
python3 - "$INCIDENTS" > "$JSON" <<'PY'
import json, sys
n = int(sys.argv[1]); per = 12
states = ["investigating", "identified", "monitoring", "resolved"]
incs = []
for i in range(n):
    day = 1 + i % 27
    ups = []
    for k in range(per):
        st = states[min(k * len(states) // per, 3)]
        t = f"2024-02-{day:02d}T{10 + k // 60:02d}:{k % 60:02d}:00Z"
        ups.append({"id": f"u{i}x{k}", "status": st,
                    "body": f"<p>Update {k} for incident {i}: we are looking into elevated error rates on the <b>API</b> and will post again shortly. " + "More detail follows. " * 8 + "</p>",
                    "created_at": t, "display_at": t,
                    "affected_components": [{"code": "c1", "name": "API", "old_status": "operational",
                                             "new_status": "major_outage" if st != "resolved" else "operational"}]})
    incs.append({"id": f"inc{i:06d}", "name": f"Elevated API errors number {i}", "status": "resolved",
                 "impact": "major", "created_at": f"2024-02-{day:02d}T09:59:00Z",
                 "started_at": f"2024-02-{day:02d}T09:50:00Z", "resolved_at": f"2024-02-{day:02d}T23:00:00Z",
                 "shortlink": f"https://stspg.io/{i}", "page_id": "pg1",
                 "incident_updates": ups, "components": [{"id": "c1", "name": "API"}]})
json.dump({"page": {"id": "pg1", "name": "Acme", "url": "https://status.acme.example", "time_zone": "Etc/UTC"},
           "incidents": incs}, sys.stdout)
PY
SIZE_MB=$(awk -v b="$(stat -c %s "$JSON")" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "Machine: $(nproc) cores; $(uname -sr); load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Input: $INCIDENTS incidents, $SIZE_MB MB; binary: $BIN"
cd "$OUT"
"$TIME" -v "$BIN" import statuspage "$JSON" --dry-run > /dev/null 2> time.txt
awk -F': ' '/Elapsed \(wall clock\)/ { w = $2 } /Maximum resident/ { m = $2 }
  END { printf "wall %s, peak memory %.0f MB\n", w, m / 1024 }' time.txt
