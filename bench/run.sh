#!/usr/bin/env bash
# Benchmark `landscape build` against Hugo on the same synthetic region.
# Run from anywhere in a clone: bash bench/run.sh. See bench/README.md.
#
# Environment:
#   N          providers to generate              (default 10000)
#   SEED       generator seed                     (default 1)
#   RUNS       timed runs per command             (default 5)
#   TODAY      build date given to landscape      (default 2026-11-23, the generator's)
#   BASE_URL   the site's base URL                (default https://register.example.org/;
#              an absolute URL turns on everything: Open Referral, feeds, the sitemap)
set -euo pipefail
shopt -s inherit_errexit

N="${N:-10000}"
SEED="${SEED:-1}"
RUNS="${RUNS:-5}"
TODAY="${TODAY:-2026-11-23}"
BASE_URL="${BASE_URL:-https://register.example.org/}"

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
sed -i "s|^base_url: .*|base_url: $BASE_URL|" "$SITE/site.yaml"

LANDSCAPE=("$BIN" build --root "$SITE" --output "$OUT1" --today "$TODAY")
HUGO=(hugo --quiet -s "$HUGOSITE" -d "$OUT2")
# hyperfine takes shell command lines: quote every word.
q() { printf '%q ' "$@"; }


# --- wall time and peak memory, alternating -----------------------------------------------
# The two commands take turns (landscape, hugo, landscape, hugo…), so a noisy neighbour on a
# shared machine slows both alike. Each run starts from an absent output folder, so both do
# a full build; /usr/bin/time gives each run's wall time and peak resident set size.
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
run_once() {
    local out="$1"; shift
    rm -rf "$out"
    if ! /usr/bin/time -f '%e %M' -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/err.txt"; then
        cat "$WORK/err.txt" >&2
        return 1
    fi
    cat "$WORK/time.txt"
}
say "warm-up: one build each"
run_once "$OUT1" "${LANDSCAPE[@]}" >/dev/null
run_once "$OUT2" "${HUGO[@]}" >/dev/null
say "timing: $RUNS alternating runs each"
: >"$WORK/landscape.txt"
: >"$WORK/hugo.txt"
for i in $(seq "$RUNS"); do
    run_once "$OUT1" "${LANDSCAPE[@]}" | tee -a "$WORK/landscape.txt" | sed "s/^/  landscape run $i: /" >&2
    run_once "$OUT2" "${HUGO[@]}" | tee -a "$WORK/hugo.txt" | sed "s/^/  hugo      run $i: /" >&2
done
mkdir -p "$REPO/target/bench"
cp "$WORK/landscape.txt" "$WORK/hugo.txt" "$REPO/target/bench/"
WALL_L="$(cut -d' ' -f1 "$WORK/landscape.txt" | median)"
WALL_H="$(cut -d' ' -f1 "$WORK/hugo.txt" | median)"
RSS_L="$(cut -d' ' -f2 "$WORK/landscape.txt" | median)"
RSS_H="$(cut -d' ' -f2 "$WORK/hugo.txt" | median)"

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
    # Warnings are the site's business, not the benchmark's: shown only on failure.
    if ! "$@" >/dev/null 2>"$WORK/once.txt"; then
        cat "$WORK/once.txt" >&2
        return 1
    fi
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
echo "landscape vs Hugo: $N providers, seed $SEED, base URL $BASE_URL, $(nproc) CPUs, tmpfs ($WORK)"
echo "  $("$BIN" --version)   $(hugo version | cut -d' ' -f1-2)"
echo "  input: landscape $(mb "$INPUT_L") of YAML (+ handbook), hugo $(mb "$INPUT_H") of markdown"
echo
printf '%-22s %14s %12s %22s\n' "" "median wall" "peak RSS" "output"
printf '%-22s %14s %12s %22s\n' "landscape build" "$(sec "$WALL_L")" "$(kb_mb "$RSS_L")" "$FILES_L files, $(mb "$BYTES_L")"
printf '%-22s %14s %12s %22s\n' "hugo" "$(sec "$WALL_H")" "$(kb_mb "$RSS_H")" "$FILES_H files, $(mb "$BYTES_H")"
printf '%-22s %14s\n' "cp -r output (floor)" "$(sec "$FLOOR")"
printf '%-22s %14s %s\n' "ratio landscape/hugo" "$(awk -v a="$WALL_L" -v b="$WALL_H" 'BEGIN { printf "%.2f", a / b }')" "(goal: at most 1.5)"
printf '%-22s %14s %s\n' "ratio to the floor" "$(awk -v a="$WALL_L" -v b="$FLOOR" 'BEGIN { printf "%.2f", a / b }')" "(goal: at most 3)"
printf '%-22s %14s %s\n' "files per provider" "$(awk -v f="$FILES_L" -v n="$N" 'BEGIN { printf "%.2f", f / n }')" "(goal: at most 4)"
printf '%-22s %14s %s\n' "bytes per provider" "$(awk -v b="$BYTES_L" -v n="$N" 'BEGIN { printf "%.1f kB", b / n / 1000 }')" "(goal: at most 30 kB)"
printf '%-22s %s\n' "on disk (one run each)" "landscape $(sec "$DISK_L"), hugo $(sec "$DISK_H")"
echo
echo "(medians of $RUNS alternating runs after 1 warm-up each; raw figures, 'seconds peak-kB' per run, in target/bench/)"
