// Runs every fixture on jco's reference host (`jco run`, `jco serve`) and
// checks the behaviour ../README.md documents.
//
//   node check.mjs TOOLS_DIR
//
// TOOLS_DIR/node_modules holds the pinned @bytecodealliance/jco;
// the cached http-js component is looked for in TOOLS_DIR/../components.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { createServer as createTCPServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = resolve(here, '..');
const tools = resolve(process.argv[2] ?? '');
if (!process.argv[2]) {
  console.error('usage: node check.mjs TOOLS_DIR');
  process.exit(2);
}
const jcoPkg = join(tools, 'node_modules/@bytecodealliance/jco');
const jcoBin = join(jcoPkg, 'dist/jco.js');

let failures = 0;
function check(name, ok, detail) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : `: ${detail}`}`);
  if (!ok) failures++;
}

// run starts a process and resolves with its status and output.
function run(args, { cwd, input, env } = {}) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

function listen(server) {
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server.address().port)));
}

async function freePort() {
  const s = createTCPServer();
  const port = await listen(s);
  await new Promise((done) => s.close(done));
  return port;
}

async function checkCommands(work) {
  // jco run gives the guest no preopened directory; this module, imported
  // before the component runs, preopens the working directory as ".".
  const shim = createRequire(join(jcoPkg, 'package.json')).resolve(
    '@bytecodealliance/preview2-shim/filesystem',
  );
  const preopen = join(work, 'preopen.mjs');
  await writeFile(preopen, `import { _setPreopens } from ${JSON.stringify(pathToFileURL(shim).href)};\n` +
    `_setPreopens({ '.': process.cwd() });\n`);
  const dir = join(work, 'cwd');
  await mkdir(join(dir, 'd'), { recursive: true });
  await writeFile(join(dir, 'a.txt'), 'file body\n');
  await writeFile(join(dir, 'd', 'z'), '');
  await writeFile(join(dir, 'd', 'y'), '');

  const cli = join(fixtures, 'cli-c/cli-c.wasm');
  const cliRun = (args, opts) => run([jcoBin, 'run', '--jco-import', preopen, cli, ...args], { cwd: dir, ...opts });
  const expect = async (name, args, want, opts) => {
    const r = await cliRun(args, opts);
    const ok = r.status === want.status && (want.stdout === undefined || r.stdout === want.stdout) &&
      (want.match === undefined || want.match.test(r.stdout));
    check(`cli-c ${name}`, ok, JSON.stringify({ status: r.status, stdout: r.stdout, stderr: r.stderr.slice(0, 300) }));
  };
  await expect('hello', ['hello'], { status: 0, stdout: 'hello from C\n' });
  await expect('cat', ['cat', 'a.txt'], { status: 0, stdout: 'file body\n' });
  await expect('cat missing file', ['cat', 'nope.txt'], { status: 1, stdout: '' });
  await expect('exit 0', ['exit', '0'], { status: 0 });
  await expect('exit 7 (the adapter reports 1)', ['exit', '7'], { status: 1 });
  await expect('env set', ['env', 'FIXTURE_VAR'], { status: 0, stdout: 'bar\n' }, { env: { FIXTURE_VAR: 'bar' } });
  await expect('env unset', ['env', 'FIXTURE_UNSET'], { status: 0, stdout: 'unset\n' });
  await expect('ls', ['ls', 'd'], { status: 0, stdout: 'y\nz\n' });
  await expect('write', ['write', 'out.txt', 'some text'], { status: 0, stdout: '' });
  const written = await readFile(join(dir, 'out.txt'), 'utf8').catch((e) => String(e));
  check('cli-c write created the file', written === 'some text', JSON.stringify(written));
  await expect('stdin', ['stdin'], { status: 0, stdout: 'piped\nlines\n' }, { input: 'piped\nlines\n' });

  const server = createTCPServer((sock) => sock.end());
  const port = await listen(server);
  await expect('connect', ['connect', '127.0.0.1', String(port)], { status: 0, stdout: `connected to 127.0.0.1:${port}\n` });
  await new Promise((done) => server.close(done));
  await expect('connect refused', ['connect', '127.0.0.1', String(port)], { status: 1, match: /connection-refused/ });

  const hello = await run([jcoBin, 'run', join(fixtures, 'hello-p1/hello-p1.wasm')]);
  check('hello-p1', hello.status === 0 && hello.stdout === 'hello, world\n', JSON.stringify(hello));
}

// serve runs `jco serve` on a free port and waits until it answers.
async function serve(component) {
  const port = await freePort();
  const child = spawn(process.execPath, [jcoBin, 'serve', '--port', String(port), component]);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.stdout.resume();
  const exited = new Promise((done) => child.on('close', (status) => done(status)));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    try {
      await fetch(`${base}/`);
      return { base, child, exited, stderr: () => stderr };
    } catch {
      await new Promise((done) => setTimeout(done, 500));
    }
  }
  child.kill();
  throw new Error(`jco serve ${component} did not start: ${stderr}`);
}

async function checkHTTPWat() {
  const s = await serve(join(fixtures, 'http-wat/http-wat.wasm'));
  try {
    for (const path of ['/', '/any/path?x=1']) {
      const r = await fetch(s.base + path);
      const body = await r.text();
      check(`http-wat GET ${path}`, r.status === 200 && body === 'hello, world\n', `${r.status} ${JSON.stringify(body)}`);
    }
  } finally {
    s.child.kill();
  }
}

async function checkHTTPJS(component) {
  const upstream = createServer((req, res) => {
    res.writeHead(req.url === '/up' ? 200 : 404, { 'content-type': 'text/plain' });
    res.end(req.url === '/up' ? 'upstream body' : 'not here');
  });
  const upPort = await listen(upstream);
  const s = await serve(component);
  try {
    let r = await fetch(`${s.base}/hello`);
    let body = await r.text();
    check('http-js GET /hello', r.status === 200 && body === 'hello' && r.headers.get('x-fixture') === 'http-js',
      `${r.status} ${JSON.stringify(body)} ${JSON.stringify([...r.headers])}`);

    const payload = randomBytes(3 << 20);
    r = await fetch(`${s.base}/echo`, { method: 'POST', body: payload, headers: { 'x-test': 'abc' } });
    const echoed = Buffer.from(await r.arrayBuffer());
    check('http-js POST /echo (3 MiB)', r.status === 200 && echoed.equals(payload) && r.headers.get('x-echo-x-test') === 'abc',
      `${r.status} ${echoed.length} bytes, headers ${JSON.stringify([...r.headers])}`);

    for (const [path, want] of [['/up', '200\nupstream body'], ['/other', '404\nnot here']]) {
      r = await fetch(`${s.base}/fetch?url=${encodeURIComponent(`http://127.0.0.1:${upPort}${path}`)}`);
      body = await r.text();
      check(`http-js GET /fetch upstream ${path}`, r.status === 200 && body === want, `${r.status} ${JSON.stringify(body)}`);
    }

    r = await fetch(`${s.base}/nope`);
    check('http-js GET /nope', r.status === 404, String(r.status));

    // The trap takes the jco serve process down with it.
    await fetch(`${s.base}/trap`).catch(() => {});
    const status = await Promise.race([s.exited, new Promise((done) => setTimeout(() => done('still running'), 30000))]);
    check('http-js GET /trap traps', status !== 0 && /unreachable/.test(s.stderr()), `exit ${status}: ${s.stderr().slice(-500)}`);
  } finally {
    s.child.kill();
    upstream.close();
  }
}

async function main() {
  const work = await mkdtemp(join(tmpdir(), 'weft-fixture-check-'));
  try {
    await checkCommands(work);
    await checkHTTPWat();
    const httpJS = join(tools, '../components/http-js.wasm');
    if (existsSync(httpJS)) {
      await checkHTTPJS(httpJS);
    } else {
      console.log(`skip http-js: ${httpJS} is missing (scripts/fixtures.sh cache builds it)`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  if (failures) {
    console.log(`${failures} check(s) failed`);
    return 1;
  }
  console.log('all fixture checks passed');
  return 0;
}

// Exit explicitly: fetch's keep-alive pool would hold the process open.
main().then(
  (status) => process.exit(status),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
