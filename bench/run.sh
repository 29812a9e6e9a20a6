#!/usr/bin/env bash
# Benchmark `landscape build` against Hugo on the same synthetic region.
# Run from anywhere in a clone: bash bench/run.sh. See bench/README.md.
#
# Environment:
#   N          providers to generate              (default 10000)
#   SEED       generator seed                     (default 1)
#   RUNS       timed runs per command             (default 5)
#   RSS_RUNS   runs per command for peak RSS      (default 3)
#   TODAY      build date given to landscape      (default 2026-11-23, the generator's)
set -euo pipefail

N="${N:-10000}"
SEED="${SEED:-1}"
RUNS="${RUNS:-5}"
RSS_RUNS="${RSS_RUNS:-3}"
TODAY="${TODAY:-2026-11-23}"

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"

say() { printf '== %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------------
missing=()
command -v hugo >/dev/null || missing+=(hugo)
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
if [ "${#missing[@]}" -gt 0 ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    say "installing ${missing[*]} with apt-get"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

say "cargo build --release"
cargo build --release --quiet
BIN="${CARGO_TARGET_DIR:-$REPO/target}/release/landscape"

# --- work folders: tmpfs for the timed runs, the ordinary disk for one run each ----------
WORK="$(mktemp -d /dev/shm/landscape-bench.XXXXXX)"
mkdir -p "$REPO/target"
DISK="$(mktemp -d "$REPO/target/bench-disk.XXXXXX")"
trap 'rm -rf "$WORK" "$DISK"' EXIT

SITE="$WORK/site"
HUGOSITE="$WORK/hugo"
OUT1="$WORK/out-landscape"
OUT2="$WORK/out-hugo"
COPY="$WORK/out-copy"

say "generating $N providers (seed $SEED)"
"$BIN" generate --providers "$N" --seed "$SEED" --out "$SITE" --hugo "$HUGOSITE" --handbook-from "$REPO" >&2

LANDSCAPE=("$BIN" build --root "$SITE" --output "$OUT1" --today "$TODAY")
HUGO=(hugo --quiet -s "$HUGOSITE" -d "$OUT2")
# hyperfine takes shell command lines: quote every word.
q() { printf '%q ' "$@"; }

# --- wall time ---------------------------------------------------------------------------
# hyperfine runs every run of one command, then every run of the next: it cannot
# interleave them. Each run starts from an absent output folder.
say "timing: $RUNS runs each after 1 warm-up"
hyperfine --style basic --warmup 1 --runs "$RUNS" \
    --export-json "$WORK/wall.json" --export-csv "$WORK/wall.csv" \
    -n landscape --prepare "$(q rm -rf "$OUT1")" "$(q "${LANDSCAPE[@]}")" \
    -n hugo --prepare "$(q rm -rf "$OUT2")" "$(q "${HUGO[@]}")" >&2
mkdir -p "$REPO/target/bench"
cp "$WORK/wall.json" "$REPO/target/bench/wall.json"

# Median wall time in seconds of a named command, from hyperfine's CSV.
median_of() { awk -F, -v name="$1" '$1 == name { print $4 }' "$WORK/wall.csv"; }
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

WALL_L="$(median_of landscape)"
WALL_H="$(median_of hugo)"

# --- peak memory -------------------------------------------------------------------------
# Peak resident set size in kB of one run of a command (output folder cleared first).
peak_rss() {
    local out="$1"; shift
    rm -rf "$out"
    /usr/bin/time -v "$@" 2>"$WORK/time.txt" >/dev/null
    awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/time.txt"
}
say "peak RSS: $RSS_RUNS runs each"
RSS_L="$(for _ in $(seq "$RSS_RUNS"); do peak_rss "$OUT1" "${LANDSCAPE[@]}"; done | median)"
RSS_H="$(for _ in $(seq "$RSS_RUNS"); do peak_rss "$OUT2" "${HUGO[@]}"; done | median)"

# --- the floor: copying the finished output ----------------------------------------------
say "floor: cp -r of the landscape output, $RUNS runs"
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-csv "$WORK/floor.csv" \
    -n copy --prepare "$(q rm -rf "$COPY")" "$(q cp -r "$OUT1" "$COPY")" >&2
FLOOR="$(awk -F, '$1 == "copy" { print $4 }' "$WORK/floor.csv")"

FILES_L="$(find "$OUT1" -type f | wc -l)"
FILES_H="$(find "$OUT2" -type f | wc -l)"
BYTES_L="$(du -sb "$OUT1" | cut -f1)"
BYTES_H="$(du -sb "$OUT2" | cut -f1)"
INPUT_L="$(du -sb "$SITE/providers" | cut -f1)"
INPUT_H="$(du -sb "$HUGOSITE/content" | cut -f1)"

# --- one build each onto the ordinary disk -----------------------------------------------
# Wall time of one run, in seconds; dirty pages may still be in flight when it returns,
# as they are for anyone building a site.
once() {
    local t0 t1
    t0="$(date +%s.%N)"
    "$@" >/dev/null
    t1="$(date +%s.%N)"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
say "one build each into $DISK"
DISK_L="$(once "$BIN" build --root "$SITE" --output "$DISK/landscape" --today "$TODAY")"
DISK_H="$(once hugo --quiet -s "$HUGOSITE" -d "$DISK/hugo")"

# --- report ------------------------------------------------------------------------------
mb() { awk -v b="$1" 'BEGIN { printf "%.1f MB", b / 1e6 }'; }
kb_mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
sec() { awk -v s="$1" 'BEGIN { printf "%.3f s", s }'; }

echo
echo "landscape vs Hugo: $N providers, seed $SEED, $(nproc) CPUs, tmpfs ($WORK)"
echo "  $("$BIN" --version)   $(hugo version | cut -d' ' -f1-2)"
echo "  input: landscape $(mb "$INPUT_L") of YAML (+ handbook), hugo $(mb "$INPUT_H") of markdown"
echo
printf '%-22s %14s %12s %22s\n' "" "median wall" "peak RSS" "output"
printf '%-22s %14s %12s %22s\n' "landscape build" "$(sec "$WALL_L")" "$(kb_mb "$RSS_L")" "$FILES_L files, $(mb "$BYTES_L")"
printf '%-22s %14s %12s %22s\n' "hugo" "$(sec "$WALL_H")" "$(kb_mb "$RSS_H")" "$FILES_H files, $(mb "$BYTES_H")"
printf '%-22s %14s\n' "cp -r output (floor)" "$(sec "$FLOOR")"
printf '%-22s %14s\n' "ratio landscape/hugo" "$(awk -v a="$WALL_L" -v b="$WALL_H" 'BEGIN { printf "%.2f", a / b }')"
printf '%-22s %s\n' "on disk (one run each)" "landscape $(sec "$DISK_L"), hugo $(sec "$DISK_H")"
echo
echo "(medians of $RUNS runs after 1 warm-up; peak RSS median of $RSS_RUNS; raw timings in target/bench/wall.json)"
