#!/usr/bin/env bash
# Rebuilds the root package's test components (testdata/*.wasm) from their
# component-text sources with the wasm-tools bundled in jco.
set -euo pipefail
cd "$(dirname "$0")"
for wat in *.wat; do
	npx --yes @bytecodealliance/jco@1.35.0 parse "$wat" -o "${wat%.wat}.wasm"
done
