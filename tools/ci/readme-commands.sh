#!/usr/bin/env bash
# Prints README.md's first ```sh block: the set-up commands a newcomer runs on
# a fresh machine. .ci/run runs exactly these, so the README cannot drift
# from what CI proves (__tests__/docs/commands.test.ts checks both ends).
set -euo pipefail
cd "$(dirname "$0")/../.."
awk '/^```sh[[:space:]]*$/ { inside = 1; next } inside && /^```/ { exit } inside { print }' README.md
