#!/usr/bin/env bash
# Rebuilds calculator.wasm from calculator.wat with jco's bundled wasm-tools.
set -euo pipefail
cd "$(dirname "$0")"
npx --yes @bytecodealliance/jco@1.35.0 parse calculator.wat -o calculator.wasm
