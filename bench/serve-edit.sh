#!/usr/bin/env bash
# Edit-to-page latency of `landscape serve` at N providers (default 10,000): generates a
# region, builds the benchmark program, and runs EDITS edits in a row (default 1,000), one
# in BROKEN_EVERY (default 10) broken. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-10000}"
EDITS="${EDITS:-1000}"
BROKEN_EVERY="${BROKEN_EVERY:-10}"
SITE="${SITE:-$(mktemp -d)/region}"
cargo build --release --bin landscape --example serve_edit
[ -d "$SITE/providers" ] || target/release/landscape generate --providers "$N" --out "$SITE"
target/release/examples/serve_edit "$SITE" "$EDITS" "$BROKEN_EVERY"
