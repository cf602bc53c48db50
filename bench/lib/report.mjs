/** Writes bench/results/latest.json and the readable table in docs/performance.md. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { ROOT } from './api.mjs';

const fmt = (v, unit) => (v === null || v === undefined ? '—' : `${typeof v === 'number' ? Number(v.toFixed(2)) : v}${unit ? ` ${unit}` : ''}`);

export function writeReport({ mode, rows, startedAt, serverVersion, failures }) {
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, postgres: serverVersion };
  const doc = { mode, startedAt, finishedAt: new Date().toISOString(), machine, rows, failures };
  mkdirSync(resolve(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(resolve(ROOT, 'bench/results/latest.json'), `${JSON.stringify(doc, null, 2)}\n`);

  const lines = [
    '# Performance',
    '',
    `Written by \`pnpm bench${mode === 'quick' ? ' --quick' : ''}\` on ${doc.finishedAt.slice(0, 16).replace('T', ' ')} UTC — ${mode} mode,`,
    `${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres}.`,
    'Every ratio compares our code with a baseline doing the same database work without it, measured in the same run.',
    '',
    '| figure | ours | baseline | ratio | goal | result |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.figure} | ${fmt(r.ours, r.unit)} | ${r.baseline === undefined || r.baseline === null ? '—' : fmt(r.baseline, r.unit)} | ${r.ratio === undefined || r.ratio === null ? '—' : `${(r.ratio * 100).toFixed(0)} %`} | ${r.goal} | ${r.pass ? 'pass' : '**FAIL**'} |`,
    ),
    '',
  ];
  const notes = rows.filter((r) => r.notes);
  if (notes.length) {
    lines.push('Notes:', '');
    for (const r of notes) lines.push(`- ${r.figure}: ${r.notes}`);
    lines.push('');
  }
  if (failures.length) {
    lines.push('Benchmarks that could not run:', '');
    for (const f of failures) lines.push(`- ${f.bench}: ${f.error}`);
    lines.push('');
  }
  writeFileSync(resolve(ROOT, 'docs/performance.md'), lines.join('\n'));
  return doc;
}
