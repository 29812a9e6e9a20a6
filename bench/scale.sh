#!/usr/bin/env bash
# How the build scales: the same generator at two sizes, built the same way, reported per
# provider. Run from anywhere in a clone: bash bench/scale.sh. See bench/README.md.
#
# Environment:
#   SMALL      providers in the reference region   (default 10000)
#   LARGE      providers in the large region       (default 100000)
#   SEED       generator seed                      (default 1)
#   RUNS       builds of each size                 (default 1; the median is reported)
#   TODAY      build date                          (default 2026-11-23, the generator's)
#   BASE_URL   the site's base URL                 (default https://register.example.org/)
#   WORKDIR    where the regions and outputs go    (default a folder in /dev/shm; the large
#              output needs several GB: point it at a disk if tmpfs is short)
set -euo pipefail
shopt -s inherit_errexit

SMALL="${SMALL:-10000}"
LARGE="${LARGE:-100000}"
SEED="${SEED:-1}"
RUNS="${RUNS:-1}"
TODAY="${TODAY:-2026-11-23}"
BASE_URL="${BASE_URL:-https://register.example.org/}"

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
say() { printf '== %s\n' "$*" >&2; }
[ -x /usr/bin/time ] || { say "needs /usr/bin/time (apt-get install time)"; exit 1; }

say "cargo build --release"
cargo build --release --quiet
BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/landscape"

WORK="$(mktemp -d "${WORKDIR:-/dev/shm}/landscape-scale.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# Prints "providers wall-seconds peak-kB files bytes" for one size.
measure() {
    local n="$1" site="$WORK/site-$1" out="$WORK/out-$1"
    say "generating $n providers (seed $SEED)"
    "$BIN" generate --providers "$n" --seed "$SEED" --out "$site" --handbook-from "$REPO" >/dev/null
    sed -i "s|^base_url: .*|base_url: $BASE_URL|" "$site/site.yaml"
    : >"$WORK/runs-$n.txt"
    for i in $(seq "$RUNS"); do
        rm -rf "$out"
        /usr/bin/time -f '%e %M' -o "$WORK/time.txt" \
            "$BIN" build --quiet --root "$site" --output "$out" --today "$TODAY" >/dev/null 2>"$WORK/err.txt" \
            || { cat "$WORK/err.txt" >&2; return 1; }
        say "  $n providers, run $i: $(cat "$WORK/time.txt") (seconds, peak kB)"
        cat "$WORK/time.txt" >>"$WORK/runs-$n.txt"
    done
    local wall rss files bytes
    wall="$(cut -d' ' -f1 "$WORK/runs-$n.txt" | median)"
    rss="$(cut -d' ' -f2 "$WORK/runs-$n.txt" | median)"
    files="$(find "$out" -type f | wc -l)"
    bytes="$(du -sb "$out" | cut -f1)"
    rm -rf "$out" "$site"
    echo "$n $wall $rss $files $bytes"
}

read -r SN SW SR SF SB < <(measure "$SMALL")
read -r LN LW LR LF LB < <(measure "$LARGE")

row() {
    awk -v n="$1" -v w="$2" -v r="$3" -v f="$4" -v b="$5" 'BEGIN {
        printf "%-10d %9.2f s %9.1f ms %9.0f MB %8.2f %9.1f kB\n", n, w, 1000 * w / n, r / 1024, f / n, b / n / 1000 }'
}
echo
echo "landscape at two sizes: seed $SEED, base URL $BASE_URL, $(nproc) CPUs, median of $RUNS"
printf '%-10s %11s %12s %12s %8s %12s\n' providers wall "per provider" "peak RSS" files/p bytes/p
row "$SN" "$SW" "$SR" "$SF" "$SB"
row "$LN" "$LW" "$LR" "$LF" "$LB"
awk -v sw="$SW" -v sn="$SN" -v lw="$LW" -v ln="$LN" -v lr="$LR" 'BEGIN {
    printf "time per provider, large against small: %.2f (goal: at most 1.2)\n", (lw / ln) / (sw / sn)
    printf "peak memory at the large size: %.2f GB (goal: at most 1.5)\n", lr / 1024 / 1024 }'
