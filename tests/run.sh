#!/usr/bin/env bash
# Every test of the project, from a fresh clone: formatting, lints, unit tests, end-to-end
# builds of real sites, and the browser tests (headless Chromium with axe-core).
# It installs what the browser tests need (Debian's chromium, nodejs and npm, the packages in
# tests/browser, a Java runtime) and turns them on with the `external-tools` feature; they
# fail, never skip, if a tool cannot be had. A plain `cargo test` needs only Rust.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
# The browser tests run under node and install their packages with npm. Node 18 at least;
# more if a locked package says so in its `engines` (playwright-core 1.65 wants 20).
node_need=$(sed -n 's/.*"node": *">= *\([0-9][0-9]*\).*/\1/p' tests/browser/package-lock.json 2>/dev/null | sort -n | tail -n 1)
if [ -z "$node_need" ] || [ "$node_need" -lt 18 ]; then node_need=18; fi
node_ok() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
    [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge "$node_need" ]
}

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing chromium (Debian package) for the browser tests"
  apt_install chromium
fi
if ! node_ok; then
  echo "== installing nodejs and npm (Debian packages) for the browser tests"
  apt_install nodejs npm
  if ! node_ok; then
    echo "the browser tests need node $node_need or later and npm; apt gave node $(node --version 2>/dev/null || echo 'none')" >&2
    exit 1
  fi
fi
# The Nu HTML Checker (npm vnu-jar, tests/e2e/valid_html.rs) runs on Java. Installed before the
# npm packages, whose vnu-jar would otherwise download a Java runtime of its own.
if ! command -v java >/dev/null 2>&1; then
  echo "== installing a Java runtime (Debian package) for the Nu HTML Checker"
  apt_install default-jre-headless
fi
if [ -f tests/browser/package-lock.json ]; then
  echo "== installing the browser tests' npm packages"
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
fi

echo "== cargo fmt --check"
cargo fmt --all -- --check
# One switch turns on the tests that need Chromium, Node.js or Java; without it (a plain
# `cargo test`) they are listed as ignored. With it, a missing tool fails them.
echo "== cargo clippy"
cargo clippy --release --all-targets --features external-tools -- -D warnings
echo "== cargo test"
cargo test --release --features external-tools
