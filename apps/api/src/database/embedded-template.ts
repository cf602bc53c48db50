import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A freshly initialised embedded cluster, made once at build time. PGlite's `initdb` runs in WASM
 * and took 4–8 s of the embedded first start here; unpacking this archive into an empty data folder
 * (PGlite's `loadDataDir`) takes 1–2 s. The archive holds no application schema (the migrations
 * still run at start), and its name carries the PGlite version that made it, so an upgraded PGlite
 * without a rebuild falls back to `initdb` instead of opening a foreign catalogue.
 */
function pgliteVersion(): string {
  // The package's `exports` hide its package.json: walk up from its entry point.
  let dir = dirname(require.resolve('@electric-sql/pglite'));
  for (let i = 0; i < 5; i++) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === '@electric-sql/pglite' && parsed.version) return parsed.version;
    }
    dir = dirname(dir);
  }
  throw new Error('Cannot find the version of @electric-sql/pglite');
}

export function embeddedTemplatePath(): string {
  return join(__dirname, `pglite-${pgliteVersion()}-template.tar.gz`);
}

/** The template as PGlite's `loadDataDir` wants it, or undefined when none was built for this PGlite. */
export function readEmbeddedTemplate(): Blob | undefined {
  const path = embeddedTemplatePath();
  return existsSync(path) ? new Blob([readFileSync(path)]) : undefined;
}

/** Runs `initdb` once (with the extensions the app loads) and writes the archive next to this file. */
export async function writeEmbeddedTemplate(): Promise<string> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const scratch = mkdtempSync(join(tmpdir(), 'cs-pglite-template-'));
  try {
    const db = await PGlite.create(join(scratch, 'pgdata'), { extensions: { pg_trgm } });
    const archive = await db.dumpDataDir('gzip');
    await db.close();
    const path = embeddedTemplatePath();
    const partial = `${path}.partial`;
    writeFileSync(partial, Buffer.from(await archive.arrayBuffer()));
    renameSync(partial, path); // never a half-written template
    return path;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (require.main === module) {
  writeEmbeddedTemplate().then(
    (path) => process.stdout.write(`Embedded database template: ${path}\n`),
    (error: unknown) => {
      process.stderr.write(`Could not build the embedded database template: ${String(error)}\n`);
      process.exit(1);
    },
  );
}
