// scripts/install-deps and the Makefile targets that call it: `make run`
// installs only what building and serving need (no browser, no test
// tools), `make test` that plus the test tools; every apt-get call waits
// for a lock another apt run holds. The script runs for real in a copy of
// the repository, with stub apt-get, apt-cache, dpkg-query, id, npm and
// sleep first on PATH that record their arguments and report every package
// missing.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// Packages only the tests, fuzzing or benchmarks use: never in the run set.
const TEST_ONLY = [
  'chromium', 'nginx-light', 'wrk', 'clang', 'libclang-rt-14-dev',
  'clang-format', 'libcmocka-dev', 'poppler-utils', 'qpdf', 'libxml2-utils',
  'python3-feedparser', 'nodejs', 'npm',
];

// One stub, installed under each command's name. STUB_LOG gets one line
// per call: its name and arguments, each ended by \x1f.
const STUB = `#!/usr/bin/env bash
name=\${0##*/}
printf '%s\\x1f' "$name" "$@" >>"$STUB_LOG"
echo >>"$STUB_LOG"
case $name in
id)
    [[ "$1" == -u ]] && echo "\${STUB_UID:-0}" || /usr/bin/id "$@"
    ;;
dpkg-query)
    # Every package missing unless STUB_INSTALLED=1.
    if [[ "\${STUB_INSTALLED:-0}" == 1 ]]; then
        for a in "$@"; do [[ $a == -* ]] || echo "ii $a"; done
    fi
    ;;
apt-cache)
    # "(none)": the lists cannot offer it, so the script runs apt-get update.
    echo "  Candidate: \${STUB_CANDIDATE:-(none)}"
    ;;
apt-get)
    for a in "$@"; do
        if [[ $a == update ]]; then
            n=$(cat "$STUB_DIR/update-locked" 2>/dev/null || echo 0)
            if [[ $n -gt 0 ]]; then
                echo $((n - 1)) >"$STUB_DIR/update-locked"
                echo "E: Could not get lock /var/lib/apt/lists/lock. It is held by process 4242 (apt-get)" >&2
                echo "E: Unable to lock directory /var/lib/apt/lists/" >&2
                exit 100
            fi
        elif [[ $a == install && -e "$STUB_DIR/install-fails-once" ]]; then
            rm "$STUB_DIR/install-fails-once"
            exit 100
        fi
    done
    ;;
npm)
    mkdir -p node_modules
    ;;
esac
exit 0
`;

const sandboxes = [];
after(() => {
  for (const dir of sandboxes) fs.rmSync(dir, { recursive: true, force: true });
});

/** A copy of the script and package-lock.json with stubs; returns its folder. */
function sandbox() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sinmun-install-deps-'));
  sandboxes.push(dir);
  fs.mkdirSync(path.join(dir, 'scripts'));
  fs.mkdirSync(path.join(dir, 'stub'));
  fs.copyFileSync(path.join(ROOT, 'scripts/install-deps'),
    path.join(dir, 'scripts/install-deps'));
  fs.chmodSync(path.join(dir, 'scripts/install-deps'), 0o755);
  fs.copyFileSync(path.join(ROOT, 'package-lock.json'),
    path.join(dir, 'package-lock.json'));
  for (const name of ['apt-get', 'apt-cache', 'dpkg-query', 'id', 'npm', 'sleep']) {
    const file = path.join(dir, 'stub', name);
    fs.writeFileSync(file, STUB, { mode: 0o755 });
  }
  return dir;
}

/**
 * Run the sandbox's install-deps with 'args' and the stub environment
 * 'env'; returns { status, output, calls } where calls lists every stub
 * call as [name, ...args].
 */
function installDeps(dir, args, env = {}) {
  const log = path.join(dir, 'calls.jsonl');
  fs.rmSync(log, { force: true });
  const r = spawnSync(path.join(dir, 'scripts/install-deps'), args, {
    encoding: 'utf8',
    env: {
      ...process.env,
      PATH: `${path.join(dir, 'stub')}:${process.env.PATH}`,
      STUB_LOG: log,
      STUB_DIR: dir,
      APT_LOCK_WAIT: '',
      ...env,
    },
    timeout: 60_000,
  });
  const calls = fs.existsSync(log)
    ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean)
      .map((l) => l.split('\x1f').slice(0, -1))
    : [];
  return { status: r.status, output: `${r.stdout}${r.stderr}`, calls };
}

const aptCalls = (calls) => calls.filter((c) => c[0] === 'apt-get');

/** The package names of the apt-get install calls in 'calls'. */
function installed(calls) {
  const names = new Set();
  for (const c of aptCalls(calls)) {
    const i = c.indexOf('install');
    if (i < 0) continue;
    for (const a of c.slice(i + 1)) {
      if (!a.startsWith('-')) names.add(a);
    }
  }
  return names;
}

/** The value of 'make VAR' in the repository. */
function makeVar(name) {
  return execFileSync('make', ['-s', '--no-print-directory', '-C', ROOT,
    '--eval', `print-var-${name}: ; @echo $(${name})`, `print-var-${name}`],
  { encoding: 'utf8', env: { ...process.env, MAKEFLAGS: '' } }).trim();
}

/** The Debian package that owns 'file', or null. */
function owner(file) {
  for (const f of [path.resolve(file), fs.realpathSync(file)]) {
    const r = spawnSync('dpkg', ['-S', f], { encoding: 'utf8' });
    if (r.status === 0) return r.stdout.split(':')[0];
  }
  return null;
}

test('the run set builds and serves: no browser, no test tools, no npm', () => {
  const dir = sandbox();
  const r = installDeps(dir, ['run']);
  assert.equal(r.status, 0, r.output);
  const run = installed(r.calls);
  for (const p of ['build-essential', 'pkg-config', 'libmicrohttpd-dev',
    'libsqlite3-dev', 'libcairo2-dev', 'fonts-nanum', 'tzdata']) {
    assert.ok(run.has(p), `run set has ${p}: ${[...run].join(' ')}`);
  }
  for (const p of TEST_ONLY) {
    assert.ok(!run.has(p), `run set must not install ${p}`);
  }
  assert.ok(!r.calls.some((c) => c[0] === 'npm'), 'no npm ci for the run set');
  assert.ok(!fs.existsSync(path.join(dir, 'node_modules')));
});

test('the run set has the -dev package of every library the Makefile links', () => {
  const dir = sandbox();
  const run = installed(installDeps(dir, ['run']).calls);
  const pkgs = makeVar('PKGS').split(/\s+/).filter(Boolean);
  assert.ok(pkgs.length >= 5, `PKGS: ${pkgs}`);
  for (const m of pkgs) {
    const pc = path.join(execFileSync('pkg-config', ['--variable=pcfiledir', m],
      { encoding: 'utf8' }).trim(), `${m}.pc`);
    const p = owner(pc);
    assert.ok(p, `no Debian package owns ${pc}`);
    assert.ok(run.has(p), `PKGS has ${m} (${p}) but install-deps run does not`);
  }
  // Libraries the Makefile names with -l after pkg-config's (the C
  // library's -lm and -lpthread come with build-essential).
  const pcLibs = execFileSync('pkg-config', ['--libs', ...pkgs], { encoding: 'utf8' })
    .split(/\s+/).filter(Boolean);
  const libs = makeVar('PKG_LIBS').split(/\s+/).filter(Boolean);
  assert.deepEqual(libs.slice(0, pcLibs.length), pcLibs);
  const extra = libs.slice(pcLibs.length).filter((a) => a.startsWith('-l')
    && !['-lm', '-lpthread', '-ldl', '-lrt'].includes(a));
  assert.ok(extra.includes('-lcmark-gfm-extensions'), `extra -l: ${extra}`);
  for (const l of extra) {
    const so = execFileSync('gcc', [`-print-file-name=lib${l.slice(2)}.so`],
      { encoding: 'utf8' }).trim();
    const p = fs.existsSync(so) ? owner(so) : null;
    assert.ok(p, `no Debian package owns lib${l.slice(2)}.so`);
    assert.ok(run.has(p), `the Makefile links ${l} (${p}) but install-deps run does not`);
  }
});

test('the test set is the run set plus the browser, clang and test tools', () => {
  const dir = sandbox();
  const run = installed(installDeps(dir, ['run']).calls);
  for (const args of [['test'], []]) {
    fs.rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
    const r = installDeps(dir, args);
    assert.equal(r.status, 0, r.output);
    const all = installed(r.calls);
    for (const p of run) assert.ok(all.has(p), `test set (${args}) lacks ${p}`);
    for (const p of ['chromium', 'nginx-light', 'wrk', 'clang',
      'libclang-rt-14-dev', 'clang-format', 'libcmocka-dev']) {
      assert.ok(all.has(p), `test set (${args}) has ${p}`);
    }
    assert.ok(r.calls.some((c) => c[0] === 'npm' && c.includes('ci')),
      `npm ci for the test set (${args})`);
  }
});

test('every apt-get call waits for the dpkg lock', () => {
  const dir = sandbox();
  for (const set of ['run', 'test']) {
    // The install fails once: the retry path runs update and install again.
    fs.writeFileSync(path.join(dir, 'install-fails-once'), '');
    const r = installDeps(dir, [set]);
    assert.equal(r.status, 0, r.output);
    const calls = aptCalls(r.calls);
    assert.equal(calls.filter((c) => c.includes('update')).length, 2, JSON.stringify(calls));
    assert.equal(calls.filter((c) => c.includes('install')).length, 2, JSON.stringify(calls));
    for (const c of calls) {
      const i = c.indexOf('DPkg::Lock::Timeout=600');
      assert.ok(i > 0 && c[i - 1] === '-o', `no lock timeout: ${c.join(' ')}`);
    }
  }
  // As another user it prints the lines to run, which wait too.
  const r = installDeps(dir, ['run'], { STUB_UID: '1000' });
  assert.equal(r.status, 1);
  assert.equal(aptCalls(r.calls).length, 0);
  const line = r.output.split('\n').find((l) => l.startsWith('sudo '));
  assert.ok(line, r.output);
  assert.equal(line.match(/apt-get -o DPkg::Lock::Timeout=600 /g)?.length, 2, line);
});

test('apt-get update is tried again while another apt run holds the lists lock', () => {
  const dir = sandbox();
  fs.writeFileSync(path.join(dir, 'update-locked'), '2');
  let r = installDeps(dir, ['run']);
  assert.equal(r.status, 0, r.output);
  const calls = aptCalls(r.calls);
  assert.equal(calls.filter((c) => c.includes('update')).length, 3, JSON.stringify(calls));
  assert.equal(calls.filter((c) => c.includes('install')).length, 1);
  assert.deepEqual(r.calls.filter((c) => c[0] === 'sleep'), [['sleep', '5'], ['sleep', '5']]);

  // It gives up after APT_LOCK_WAIT seconds (10: 3 tries, 5 s apart).
  fs.writeFileSync(path.join(dir, 'update-locked'), '100');
  r = installDeps(dir, ['run'], { APT_LOCK_WAIT: '10' });
  assert.notEqual(r.status, 0);
  assert.equal(aptCalls(r.calls).filter((c) => c.includes('update')).length, 3);
  assert.equal(aptCalls(r.calls).filter((c) => c.includes('install')).length, 0);
  assert.match(r.output, /Could not get lock/);
});

test('--if-needed with nothing missing runs no apt-get and says nothing', () => {
  const dir = sandbox();
  const r = installDeps(dir, ['--if-needed', 'run'], { STUB_INSTALLED: '1' });
  assert.equal(r.status, 0, r.output);
  assert.equal(r.output, '');
  assert.deepEqual(r.calls.map((c) => c[0]), ['dpkg-query']);
  assert.equal(installDeps(dir, ['--if-needed', 'bogus']).status, 2);
});

test('make run installs the run set only; make test, fuzz and bench the test set', () => {
  const dry = (target) => execFileSync('make', ['-n', '-C', ROOT, target],
    { encoding: 'utf8', env: { ...process.env, MAKEFLAGS: '' } })
    .split('\n').filter((l) => l.includes('install-deps'));
  assert.deepEqual(dry('run'), ['scripts/install-deps --if-needed run']);
  for (const target of ['test', 'fuzz', 'bench']) {
    assert.deepEqual(dry(target), ['scripts/install-deps --if-needed test'], target);
  }
});
