/** Embedded mode (PGlite, no DATABASE_URL): process start to /health/ready, first and second start. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi } from '../lib/api.mjs';

export const name = 'embedded-start';

export async function run() {
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-bench-embedded-'));
  const env = {
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: 'bench-password-1',
    SCHEDULER_ENABLED: 'false',
  };
  try {
    const first = await startApi(env);
    await first.stop();
    const second = await startApi(env);
    await second.stop();
    return [
      {
        figure: 'embedded start to ready (existing data)',
        ours: second.readyMs / 1000,
        unit: 's',
        goal: '< 10 s',
        pass: second.readyMs < 10_000,
      },
      {
        figure: 'embedded first start to ready (creates the database, applies migrations)',
        ours: first.readyMs / 1000,
        unit: 's',
        goal: '< 10 s',
        pass: first.readyMs < 10_000,
      },
    ];
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
