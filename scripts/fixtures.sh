#!/usr/bin/env bash
# Builds the test components under testdata/components (see its README.md).
#
#   scripts/fixtures.sh cache   build what is cached and git-ignored
#                               (.cache/components/http-js.wasm); CI runs this
#   scripts/fixtures.sh all     also rebuild the committed fixtures from their
#                               sources (C via Debian's clang-22 + wasi-libc,
#                               installed with apt-get when missing; WAT via jco)
#   scripts/fixtures.sh check   run every fixture on jco's reference host
#                               (`jco run`, `jco serve`) and check its behaviour
#
# The JavaScript tools (jco, componentize-js) are npm packages pinned by
# testdata/components/tools/package-lock.json and installed with npm into
# .cache/fixtures-npm. A cached fixture is rebuilt only when its inputs change.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
src=$root/testdata/components
tools=$root/.cache/fixtures-npm
cache=$root/.cache/components

log() { printf 'fixtures: %s\n' "$*" >&2; }

# inputs_hash prints one hash over the named files' contents.
inputs_hash() { cat "$@" | sha256sum | cut -d' ' -f1; }

# npm_tools installs the pinned npm packages unless an install of the same
# lockfile completed before.
npm_tools() {
  local lock_hash
  lock_hash=$(inputs_hash "$src/tools/package-lock.json")
  if [[ -f $tools/.installed && $(cat "$tools/.installed") == "$lock_hash" ]]; then
    return
  fi
  command -v npm >/dev/null || { log "npm not found: install Node.js 20 and npm"; exit 1; }
  log "installing pinned jco and componentize-js into $tools"
  rm -rf "$tools"
  mkdir -p "$tools"
  cp "$src/tools/package.json" "$src/tools/package-lock.json" "$tools/"
  # `npm ci` rejects this lockfile (npm 10 misreads other platforms' optional
  # binaries as missing); `npm install` honours the locked versions.
  (cd "$tools" && npm install --no-audit --no-fund --loglevel=error)
  echo "$lock_hash" >"$tools/.installed"
}

jco() { node "$tools/node_modules/@bytecodealliance/jco/dist/jco.js" "$@"; }

build_http_js() {
  local out=$cache/http-js.wasm stamp=$cache/http-js.inputs
  local hash
  hash=$(inputs_hash "$src/http-js/handler.js" "$src/http-js/world.wit" \
    "$src/http-js/build.mjs" "$src/tools/package-lock.json")
  if [[ -f $out && -f $stamp && $(cat "$stamp") == "$hash" ]]; then
    log "http-js: up to date ($out)"
    return
  fi
  log "http-js: componentize-js (about a minute)"
  mkdir -p "$cache"
  node "$src/http-js/build.mjs" "$tools" "$out.tmp"
  mv "$out.tmp" "$out"
  echo "$hash" >"$stamp"
  log "http-js: $(stat -c %s "$out") bytes -> $out"
}

# c_toolchain makes sure clang-22 can build wasm32-wasi programs, installing
# Debian's packages when they are missing.
c_toolchain() {
  local pkgs=(clang-22 lld-22 wasi-libc libclang-rt-22-dev-wasm32)
  if command -v clang-22 >/dev/null && command -v wasm-ld-22 >/dev/null &&
    [[ -f /usr/lib/wasm32-wasi/libc.a ]] &&
    [[ -f /usr/lib/llvm-22/lib/clang/22/lib/wasi/libclang_rt.builtins-wasm32.a ]]; then
    return
  fi
  command -v apt-get >/dev/null || { log "need ${pkgs[*]} (Debian packages)"; exit 1; }
  local sudo=()
  [[ $(id -u) == 0 ]] || sudo=(sudo)
  log "installing ${pkgs[*]} with apt-get"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${pkgs[@]}" >/dev/null
}

cc_wasi() {
  # Debian's wasi-libc (2022) lives under the wasm32-wasi triple, so the
  # deprecated spelling is the one that finds it.
  clang-22 --target=wasm32-wasi -Wno-deprecated -O2 -Wall -Wextra -Werror "$@"
}

build_hello_p1() {
  local dir=$src/hello-p1
  cc_wasi -Wl,--strip-all "$dir/hello.c" -o "$dir/hello.wasm"
  node "$src/tools/component-new.mjs" "$tools" "$dir/hello.wasm" "$dir/hello-p1.wasm"
  log "hello-p1: hello.wasm $(stat -c %s "$dir/hello.wasm") bytes, hello-p1.wasm $(stat -c %s "$dir/hello-p1.wasm") bytes"
}

build_cli_c() {
  local dir=$src/cli-c tmp
  tmp=$(mktemp -d)
  cc_wasi -Wl,--strip-debug "$dir/main.c" "$dir/sockets.c" -o "$tmp/cli-c.core.wasm"
  node "$src/tools/component-new.mjs" "$tools" "$tmp/cli-c.core.wasm" "$dir/cli-c.wasm" \
    "$dir/world.wit" cli-c
  rm -rf "$tmp"
  log "cli-c: $(stat -c %s "$dir/cli-c.wasm") bytes"
}

build_http_wat() {
  local dir=$src/http-wat
  jco parse "$dir/hello.wat" -o "$dir/http-wat.wasm" >/dev/null
  log "http-wat: $(stat -c %s "$dir/http-wat.wasm") bytes"
}

build_exit_wat() {
  local dir=$src/exit-wat
  jco parse "$dir/exit.wat" -o "$dir/exit-wat.wasm" >/dev/null
  log "exit-wat: $(stat -c %s "$dir/exit-wat.wasm") bytes"
}

usage() {
  sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[[ $# == 1 ]] || usage
case $1 in
  cache)
    npm_tools
    build_http_js
    ;;
  all)
    npm_tools
    c_toolchain
    build_hello_p1
    build_cli_c
    build_http_wat
    build_exit_wat
    build_http_js
    ;;
  check)
    npm_tools
    node "$src/tools/check.mjs" "$tools"
    ;;
  *) usage ;;
esac
