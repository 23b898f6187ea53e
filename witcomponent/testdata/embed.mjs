// Writes `wasm-tools component embed --dummy` output for WIT files, using
// jco's bundled wasm-tools (jco's own `embed` command cannot read paths):
//
//   JCO_TRANSPILE=/path/to/node_modules/@bytecodealliance/jco-transpile \
//     node embed.mjs in.wit out.wasm            # one file
//   node embed.mjs --dir WITDIR OUTDIR          # every WITDIR/*.wit
//
// dep-embed.wasm is `node embed.mjs dep.wit dep-embed.wasm` for the depWIT
// package of deps_test.go. TestEmbeddedWorlds reads OUTDIR from
// WITCOMPONENT_EMBED_DIR (run with WITDIR = the wit-corpus codegen folder).
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const base = process.env.JCO_TRANSPILE;
if (!base) throw new Error('set JCO_TRANSPILE to the @bytecodealliance/jco-transpile package folder');
const { componentEmbed } = await import(join(base, 'dist', 'wasm-tools.js'));

async function embed(witFile, out) {
  const bytes = await componentEmbed({ witSource: readFileSync(witFile, 'utf8'), dummy: true });
  writeFileSync(out, bytes);
}

const args = process.argv.slice(2);
if (args[0] === '--dir') {
  for (const f of readdirSync(args[1]).filter((f) => f.endsWith('.wit'))) {
    await embed(join(args[1], f), join(args[2], f.replace(/\.wit$/, '.wasm')));
  }
} else {
  await embed(args[0], args[1]);
}
