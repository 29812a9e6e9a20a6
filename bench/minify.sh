#!/usr/bin/env bash
# What `minify: true` costs and saves: builds one site with minify on and off, alternating,
# and reports the median wall time of each, and the bytes of its pages, stylesheets and
# scripts before and after gzip (level 6, a web server's usual).
#
#   bash bench/minify.sh                 the example site (the repository root)
#   N=10000 bash bench/minify.sh         a generated region of N providers, with the handbook
#
# Environment: N (providers; unset = the example), SEED (1), RUNS (timed runs each, 7),
# TODAY (2026-11-23).
set -euo pipefail
shopt -s inherit_errexit

RUNS="${RUNS:-7}"
SEED="${SEED:-1}"
TODAY="${TODAY:-2026-11-23}"
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
say() { printf '== %s\n' "$*" >&2; }

cargo build --release --quiet
BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/landscape"
WORK="$(mktemp -d /dev/shm/landscape-minify.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

if [ -n "${N:-}" ]; then
    say "generating $N providers (seed $SEED)"
    "$BIN" generate --providers "$N" --seed "$SEED" --out "$WORK/site" --handbook-from "$REPO" >&2
else
    mkdir "$WORK/site"
    for d in site.yaml providers content themes templates; do
        if [ -e "$d" ]; then cp -r "$d" "$WORK/site/"; fi
    done
fi
# Two copies of the site that differ only in `minify`.
for m in true false; do
    cp -r "$WORK/site" "$WORK/site-$m"
    sed -i '/^minify:/d' "$WORK/site-$m/site.yaml"
    echo "minify: $m" >>"$WORK/site-$m/site.yaml"
done

build() { "$BIN" build --quiet --root "$WORK/site-$1" --output "$WORK/out-$1" --today "$TODAY" 2>/dev/null; }
say "warm-up"
build true
build false
times_true=()
times_false=()
for i in $(seq "$RUNS"); do
    for m in true false; do
        t0=$EPOCHREALTIME
        build "$m"
        t1=$EPOCHREALTIME
        t=$(echo "$t1 - $t0" | bc -l)
        if [ "$m" = true ]; then times_true+=("$t"); else times_false+=("$t"); fi
    done
    say "run $i of $RUNS: on ${times_true[-1]} s, off ${times_false[-1]} s"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
on=$(median "${times_true[@]}")
off=$(median "${times_false[@]}")

# Bytes of what a browser downloads: pages, stylesheets and scripts, raw and gzipped.
bytes() {
    find "$WORK/out-$1" -type f \( -name '*.html' -o -name '*.css' -o -name '*.js' -o -name '*.mjs' \) -print0 |
        sort -z |
        python3 -c '
import gzip, sys
raw = packed = 0
for path in sys.stdin.buffer.read().split(b"\0"):
    if path:
        data = open(path, "rb").read()
        raw += len(data)
        packed += len(gzip.compress(data, 6, mtime=0))
print(raw, packed)'
}
read -r raw_on gz_on < <(bytes true)
read -r raw_off gz_off < <(bytes false)
pages=$(find "$WORK/out-true" -name '*.html' | wc -l)

printf '%s pages, medians of %s alternating runs\n' "$pages" "$RUNS"
printf 'build, minify off   %8.3f s\n' "$off"
printf 'build, minify on    %8.3f s   (+%.3f s, %+.0f%%)\n' "$on" "$(echo "$on - $off" | bc -l)" "$(echo "($on / $off - 1) * 100" | bc -l)"
printf 'bytes, minify off   %12d raw %12d gzipped\n' "$raw_off" "$gz_off"
printf 'bytes, minify on    %12d raw %12d gzipped   (%.1f%% fewer gzipped)\n' "$raw_on" "$gz_on" "$(echo "(1 - $gz_on / $gz_off) * 100" | bc -l)"
