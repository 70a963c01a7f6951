#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need, then runs them.
#
# The HTTP endpoint's tests (tests/http_clients.rs) drive `txlab serve` with real clients, installed here from
# the package registries: boto3 and the AWS CLI in a Python venv (target/clients-venv), and the AWS SDK for
# JavaScript v3 in tests/clients/js/node_modules (versions pinned by its package-lock.json). Set
# TXLAB_SKIP_CLIENTS=1 to skip installing them (their tests then skip, or fail when CI is set).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v tmux >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq tmux; fi  # the TUI end-to-end test drives the binary in tmux

if [ -z "${TXLAB_SKIP_CLIENTS:-}" ]; then
    venv="${TXLAB_CLIENTS_VENV:-target/clients-venv}"
    if [ ! -x "$venv/bin/aws" ] || ! "$venv/bin/python" -c "import boto3" 2>/dev/null; then
        echo "installing boto3 and awscli into $venv"
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check boto3 awscli
    fi
    if [ ! -d tests/clients/js/node_modules/@aws-sdk/client-dynamodb ]; then
        echo "installing @aws-sdk/client-dynamodb into tests/clients/js"
        (cd tests/clients/js && npm ci --no-audit --no-fund --silent)
    fi
fi

cargo test --locked --all-targets "$@"
