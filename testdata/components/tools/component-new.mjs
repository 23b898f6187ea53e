// Turns a wasm32-wasi (preview1) command module into a wasi:cli/command
// component with the preview1 command adapter that jco ships, after
// optionally embedding a WIT world for the module's non-preview1 imports.
// This is `jco embed` + `jco new --wasi-command` through jco's library: the
// jco 1.35 CLI runs wasm-tools on a preview2-shim without preopened
// directories, so `jco embed --wit DIR` cannot read DIR.
//
//   node component-new.mjs TOOLS_DIR CORE.wasm OUT.wasm [WORLD.wit WORLD]
//
// TOOLS_DIR/node_modules holds the pinned @bytecodealliance/jco. WORLD.wit
// may use the WASI 0.2.12 packages that jco ships (lib/wit/builtin/0.2.12),
// the version its preview1 adapter imports.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [tools, corePath, out, worldFile, worldName] = process.argv.slice(2);
if (!tools || !corePath || !out || (worldFile && !worldName)) {
  console.error('usage: node component-new.mjs TOOLS_DIR CORE.wasm OUT.wasm [WORLD.wit WORLD]');
  process.exit(2);
}
const jco = join(tools, 'node_modules/@bytecodealliance/jco');
const transpilePkg = join(tools, 'node_modules/@bytecodealliance/jco-transpile');
const requireFromTranspile = createRequire(join(transpilePkg, 'package.json'));

// Give the wasm-tools component the host filesystem, as jco's own shim
// defaults did before preview2-shim 0.26.
const shimFs = await import(
  pathToFileURL(requireFromTranspile.resolve('@bytecodealliance/preview2-shim/filesystem')).href
);
shimFs._setPreopens({ '/': '/' });
const wasmTools = await import(pathToFileURL(join(transpilePkg, 'dist/wasm-tools.js')).href);

let core = await readFile(corePath);
if (worldFile) {
  const witDir = await mkdtemp(join(tmpdir(), 'weft-fixture-wit-'));
  try {
    await cp(worldFile, join(witDir, 'world.wit'));
    await cp(join(jco, 'lib/wit/builtin/0.2.12'), join(witDir, 'deps'), { recursive: true });
    core = await wasmTools.componentEmbed({ binary: core, witPath: witDir, world: worldName });
  } finally {
    await rm(witDir, { recursive: true, force: true });
  }
}
const adapter = await readFile(join(jco, 'lib/wasi_snapshot_preview1.command.wasm'));
const component = await wasmTools.componentNew(core, [['wasi_snapshot_preview1', adapter]]);
await writeFile(out, component);
