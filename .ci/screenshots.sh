#!/usr/bin/env bash
# Regenerates the screenshots under docs/images/ (README.md and docs/site.md show them):
#
#   terminal-chart.png   `incident timeline hk-zone-c --chart` as a colour terminal shows it
#   summary-html.png     the top of `incident summary hk-zone-c --format html`
#   site-index.png, site-incident.png, site-actions.png, site-stats.png
#                        the pages of `incident site` for the shipped record, the small view
#                        fixtures and 40 generated records
#
#   .ci/screenshots.sh
#
# Needs Debian's chromium (headless screenshots), pngquant (to shrink the PNGs
# to 8-bit palettes) and a CJK font for the Chinese names (fonts-wqy-microhei). Not run by CI:
# the pictures are committed. The clock is fixed, so the same code gives the same pictures.
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in chromium pngquant fc-list; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install chromium pngquant fontconfig)" >&2; exit 2; }
done
fc-list :lang=zh | grep -q . || { echo "needs a CJK font: apt-get install fonts-wqy-microhei" >&2; exit 2; }

cargo build --quiet --bin incident --example gen_corpus
BIN=$PWD/target/debug/incident
GEN=$PWD/target/debug/examples/gen_corpus
IMAGES=$PWD/docs/images
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export SOURCE_DATE_EPOCH=1673773200  # 2023-01-15 09:00 UTC
export NO_COLOR= TZ=UTC LC_ALL=C.UTF-8

# shot URL PNG WIDTH,HEIGHT: a headless screenshot, then an 8-bit palette without metadata.
shot() {
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --disable-extensions --force-device-scale-factor=1 --user-data-dir="$TMP/profile" \
    --window-size="$3" --screenshot="$2" "$1" >/dev/null 2>&1
  pngquant --force --strip --speed 1 --quality 60-90 --output "$2" "$2"
  echo "$(basename "$2"): $(wc -c <"$2") bytes"
}

# The terminal chart: its ANSI colours turned into HTML spans, in a terminal-like page.
"$BIN" --color always timeline hk-zone-c --chart --width 112 >"$TMP/chart.ansi"
python3 - "$TMP/chart.ansi" "$TMP/chart.html" <<'PY'
import html, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
colours = {"31": "#f87171", "33": "#facc15", "32": "#4ade80", "34": "#60a5fa"}
out, state = [], {}
for part in re.split(r"(\x1b\[[0-9;]*m)", text):
    m = re.fullmatch(r"\x1b\[([0-9;]*)m", part)
    if not m:
        style = ";".join(f"{k}:{v}" for k, v in state.items())
        out.append(f'<span style="{style}">{html.escape(part)}</span>' if style else html.escape(part))
        continue
    for code in (m.group(1) or "0").split(";"):
        if code in ("", "0"):
            state = {}
        elif code == "1":
            state["font-weight"] = "bold"
        elif code == "2":
            state["opacity"] = "0.55"
        elif code in colours:
            state["color"] = colours[code]
page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body {{ margin: 0; background: #1e1e2e; }}
pre {{ margin: 0; padding: 14px 18px; color: #e4e4e7; font: 13px/1.25 'WenQuanYi Micro Hei Mono', 'DejaVu Sans Mono', monospace; }}
</style></head><body><pre>$ incident timeline hk-zone-c --chart
{''.join(out)}</pre></body></html>"""
open(sys.argv[2], "w", encoding="utf-8").write(page)
PY
ROWS=$(($(wc -l <"$TMP/chart.ansi") + 2))
shot "file://$TMP/chart.html" "$IMAGES/terminal-chart.png" "900,$((ROWS * 17 + 28))"

# The HTML postmortem, its first screen and a half.
"$BIN" summary hk-zone-c --format html -o "$TMP/summary.html"
shot "file://$TMP/summary.html" "$IMAGES/summary-html.png" "1100,1500"

# The site: the shipped record, the small view fixtures and 40 generated records.
mkdir -p "$TMP/corpus/incidents"
"$GEN" --count 40 --out "$TMP/corpus/incidents" --seed 7 >/dev/null
cp incidents/*.ron tests/fixtures/views/small/incidents/*.ron "$TMP/corpus/incidents/"
"$BIN" --dir "$TMP/corpus/incidents" site -o "$TMP/site" --title "Acme" >/dev/null || true
shot "file://$TMP/site/index.html" "$IMAGES/site-index.png" "1200,900"
shot "file://$TMP/site/incidents/2022-12-18-hk-zone-c.html" "$IMAGES/site-incident.png" "1200,1100"
shot "file://$TMP/site/actions.html" "$IMAGES/site-actions.png" "1200,900"
shot "file://$TMP/site/stats.html" "$IMAGES/site-stats.png" "1200,1100"
