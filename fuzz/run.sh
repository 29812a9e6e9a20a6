#!/usr/bin/env bash
# Runs one fuzz target for a while:
#
#   bash fuzz/run.sh load_provider|markdown [SECONDS] [extra libFuzzer flags...]
#
# The seeds are built afresh from the repository's own files each time (the example site,
# the minimal test fixture and the XSS payloads of tests/e2e/xss.rs), so they follow those files
# and are never stored twice. They go to fuzz/seeds/ and what libFuzzer finds goes to
# fuzz/corpus/; both are ignored by git. The default run is 300 seconds.
#
# A stable toolchain works: RUSTC_BOOTSTRAP lets cargo-fuzz pass its unstable flags, and
# without a nightly there is no AddressSanitizer, so `--sanitizer none` (Rust code is
# memory-safe; what the targets look for is panics, hangs and unsafe output).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"

target="${1:-}"
seconds="${2:-300}"
shift $(($# > 2 ? 2 : $#))
case "$target" in
  load_provider | markdown) ;;
  *)
    echo "usage: bash fuzz/run.sh load_provider|markdown [SECONDS] [libFuzzer flags...]" >&2
    exit 2
    ;;
esac
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "cargo-fuzz is missing: cargo install cargo-fuzz" >&2
  exit 2
fi

seeds="$here/seeds/$target"
rm -rf "$seeds"
mkdir -p "$seeds" "$here/corpus/$target"

# One seed file per input; the name keeps the source path readable in libFuzzer's output.
# `load_provider` reads its first byte as the kind of file (0 areas list, 1 content page,
# 2 provider record), so its seeds carry that byte in front of the file.
seed() {
  local prefix="$1" file="$2"
  local name="${file#"$root"/}"
  name="${name//\//-}"
  if [ -n "$prefix" ]; then
    { printf "\\x$prefix"; cat "$file"; } >"$seeds/$prefix-$name"
  else
    cp "$file" "$seeds/$name"
  fi
}

pages() { find "$root/content" "$root/tests/fixtures/minimal/content" -name '*.md' -type f | sort; }

case "$target" in
  load_provider)
    for f in "$root"/providers/orgs/*.yaml "$root"/tests/fixtures/minimal/providers/orgs/*.yaml; do
      seed 02 "$f"
    done
    for f in "$root"/providers/areas.yaml "$root"/tests/fixtures/minimal/providers/areas.yaml; do
      seed 00 "$f"
    done
    while read -r f; do seed 01 "$f"; done < <(pages)
    ;;
  markdown)
    while read -r f; do seed "" "$f"; done < <(pages)
    ;;
esac

# The injection payloads live in tests/e2e/xss.rs; an ignored test there writes them out as
# seeds in this target's format.
(cd "$root" && LANDSCAPE_FUZZ_SEEDS="$seeds" LANDSCAPE_FUZZ_TARGET="$target" \
  cargo test --release -q --test e2e xss::write_fuzz_seeds -- --ignored --exact >/dev/null)

echo "== $target: $(find "$seeds" -type f | wc -l) seeds, $(du -sk "$seeds" | cut -f1) kB, ${seconds} s"
cd "$here"
RUSTC_BOOTSTRAP=1 exec cargo fuzz run --sanitizer none -O "$target" "corpus/$target" "seeds/$target" -- \
  -max_total_time="$seconds" -print_final_stats=1 "$@"
