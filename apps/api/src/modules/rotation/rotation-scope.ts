import type { EntityManager } from 'typeorm';
import { type Actor, hasRole, inScope } from '../../common/actor';
import { notFound } from '../../common/errors';

/** A unit the actor may see (default: their own), else 404. */
export async function unitInScope(m: EntityManager, actor: Actor, orgUnitId?: string): Promise<{ id: string; path: string }> {
  const id = orgUnitId ?? actor.orgUnitId;
  const rows = (await m.query('SELECT id, path FROM org_unit WHERE id = $1', [id])) as { id: string; path: string }[];
  const unit = rows[0];
  if (!unit || !inScope(actor, unit.path)) throw notFound('Org unit');
  return unit;
}

/** Field staff who only see their own records (no channel / management role). */
export function ownRecordsOnly(actor: Actor): boolean {
  return actor.kind === 'user' && !hasRole(actor, 'channel_engineer', 'channel_manager', 'cs_manager', 'ops_manager', 'hr');
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The planner speaks in ids; people read names. Replaces every known id in a text by its name. */
export function withNames(text: string, names: ReadonlyMap<string, string>): string {
  return text.replace(UUID, (id) => names.get(id) ?? id);
}

export function isoDate(value: string | Date): string {
  if (typeof value === 'string') return value.slice(0, 10);
  // `date` columns come back as strings from pg with our type parser; Dates only from expressions.
  return value.toISOString().slice(0, 10);
}
