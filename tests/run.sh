#!/usr/bin/env bash
# Every test of the project, from a fresh clone: formatting, lints, unit tests, end-to-end
# builds of real sites, and the browser tests (headless Chromium with axe-core).
# It installs what the browser tests need (Debian's chromium, the npm packages in
# tests/browser) and fails, never skips, if they cannot be had.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing chromium (Debian package) for the browser tests"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
if [ -f tests/browser/package-lock.json ]; then
  echo "== installing the browser tests' npm packages"
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --release --all-targets -- -D warnings
echo "== cargo test"
cargo test --release
