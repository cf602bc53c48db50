import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEmbeddedTemplate } from './embedded-template';

/**
 * The embedded database: PGlite (PostgreSQL compiled to WASM) served over the Postgres wire
 * protocol on loopback, so the app keeps one code path (TypeORM + `pg`) for embedded and real
 * PostgreSQL. A lock file stops two processes from opening one data folder (that corrupts it).
 */
export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function takeLock(lockFile: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && processAlive(holder)) {
        throw new Error(`The data folder is in use by process ${holder} (${lockFile}). Stop it or use another DATA_DIR.`);
      }
      rmSync(lockFile, { force: true }); // stale lock from a killed process
    }
  }
  throw new Error(`Could not take the lock ${lockFile}`);
}

/** Extended-protocol messages that belong to a sequence ended by Sync ('S'). */
const EXTENDED_MESSAGES = new Set(['P', 'B', 'D', 'E', 'C', 'H'].map((c) => c.charCodeAt(0)));
const SYNC = 'S'.charCodeAt(0);
/** A client silent this long in the middle of a sequence is taken for dead (e.g. killed) and loses its turn. */
const SEQUENCE_STALL_MS = 2_000;

/**
 * pglite-socket queues the wire messages of all connections one by one and keeps one connection's
 * turn only inside a transaction. Outside one, a parameterised query (Parse, Bind, Describe,
 * Execute, Sync) of one connection could interleave with another's: "unnamed prepared statement
 * does not exist", or worse, one request's statement bound and executed for another (found by the
 * crash-safety test: 401s and 500s under concurrent intake). The socket server sees the database
 * through this proxy, which reports "in a transaction" from a connection's first extended-protocol
 * message until its Sync, so the queue keeps that connection's turn until the sequence is whole.
 */
function keepExtendedQueriesWhole<T extends { isInTransaction(): boolean; execProtocolRawStream: (...args: never[]) => unknown }>(
  db: T,
): T {
  let midSequence = false;
  let lastMessageAt = 0;
  return new Proxy(db, {
    get(target, property) {
      if (property === 'isInTransaction') {
        return () => target.isInTransaction() || (midSequence && Date.now() - lastMessageAt < SEQUENCE_STALL_MS);
      }
      if (property === 'execProtocolRawStream') {
        return (message: Uint8Array, ...rest: unknown[]) => {
          const type = message[0] ?? 0;
          if (EXTENDED_MESSAGES.has(type)) midSequence = true;
          else if (type === SYNC) midSequence = false;
          lastMessageAt = Date.now();
          return (target.execProtocolRawStream as (m: Uint8Array, ...r: unknown[]) => unknown).call(target, message, ...rest);
        };
      }
      const value: unknown = Reflect.get(target, property);
      // PGlite keeps private fields: its methods must run on the real instance, not the proxy.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** `dataDir` null = in memory (tests). */
export async function startEmbeddedPostgres(dataDir: string | null, maxConnections: number): Promise<EmbeddedPostgres> {
  const { PGlite: PGliteCtor } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer: ServerCtor } = await import('@electric-sql/pglite-socket');
  // The same extensions as the PostgreSQL deployments use, so both run the same migrations.
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const options = { extensions: { pg_trgm } };
  let lockFile: string | null = null;
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    lockFile = join(dataDir, 'embedded-postgres.lock');
    takeLock(lockFile);
  }
  // A new cluster starts from the build-time template (1–2 s) rather than `initdb` (4–8 s).
  const fresh = !dataDir || !existsSync(join(dataDir, 'pgdata', 'PG_VERSION'));
  const template = fresh ? readEmbeddedTemplate() : undefined;
  const createOptions = template ? { ...options, loadDataDir: template } : options;
  const db = dataDir ? await PGliteCtor.create(join(dataDir, 'pgdata'), createOptions) : await PGliteCtor.create(createOptions);
  const server = new ServerCtor({ db: keepExtendedQueriesWhole(db), host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  const port = Number(server.getServerConn().split(':').pop());
  if (!Number.isInteger(port) || port <= 0) throw new Error('The embedded PostgreSQL server did not report its port');
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
      if (lockFile && existsSync(lockFile)) rmSync(lockFile, { force: true });
    },
  };
}
