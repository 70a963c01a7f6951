#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need, then runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v tmux >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq tmux; fi  # the TUI end-to-end test drives the binary in tmux
cargo test --locked --all-targets "$@"
