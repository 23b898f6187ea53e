// Builds the http-js component with the componentize-js library API (the
// `jco componentize` CLI of jco 1.35 cannot read its input files).
//
//   node build.mjs TOOLS_DIR OUT.wasm
//
// TOOLS_DIR/node_modules holds the pinned @bytecodealliance/componentize-js
// and @bytecodealliance/jco (scripts/fixtures.sh installs them there).
//
// StarlingMonkey in componentize-js 0.23.0 is built against WASI 0.2.10, and
// the world must name exactly that version. jco 1.35.0 ships the WASI 0.2.12
// WIT packages; the 0.2.x patch releases have the same interface text, so the
// dependency packages are taken from jco with their version relabelled to
// 0.2.10 in a temporary WIT directory.
import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const wasiVersion = '0.2.10';
const jcoWasiVersion = '0.2.12';

const here = dirname(fileURLToPath(import.meta.url));
const [tools, out] = process.argv.slice(2);
if (!tools || !out) {
  console.error('usage: node build.mjs TOOLS_DIR OUT.wasm');
  process.exit(2);
}
const modules = join(tools, 'node_modules/@bytecodealliance');
const { componentize } = await import(
  pathToFileURL(join(modules, 'componentize-js/src/componentize.js')).href
);

const witDir = await mkdtemp(join(tmpdir(), 'weft-http-js-wit-'));
try {
  await writeFile(join(witDir, 'world.wit'), await readFile(join(here, 'world.wit')));
  const builtin = join(modules, 'jco/lib/wit/builtin', jcoWasiVersion);
  for (const pkg of await readdir(builtin)) {
    const text = await readFile(join(builtin, pkg, 'package.wit'), 'utf8');
    await mkdir(join(witDir, 'deps', pkg), { recursive: true });
    await writeFile(
      join(witDir, 'deps', pkg, 'package.wit'),
      text.replaceAll(`@${jcoWasiVersion}`, `@${wasiVersion}`),
    );
  }
  const { component } = await componentize({
    sourcePath: join(here, 'handler.js'),
    witPath: witDir,
    worldName: 'http-js',
  });
  await writeFile(out, component);
} finally {
  await rm(witDir, { recursive: true, force: true });
}
