import type { Actor, Role } from '../../common/actor';
import { invalidInput } from '../../common/errors';
import { decodeCursor } from '../../common/pagination';
import type { Confidentiality } from './customer.dto';
import type { SqlParams } from '../../common/sql';

/** Admins see their whole subtree; other HQ callers see HQ's own customers and the HQ-filed ones. */
export function hqRestricted(actor: Actor): boolean {
  return actor.orgUnitKind === 'hq' && !(actor.kind === 'user' && actor.roles.includes('admin'));
}

/**
 * Data scope of customer archives as SQL over `customer c JOIN org_unit o ON o.id = c.owning_unit_id`:
 * a unit sees its own subtree's archives; HQ sees the archives filed with it (≥ 1,000,000 yuan)
 * of every platform, plus the ones HQ owns itself [000 §6, §8].
 */
export function customerScopeSql(actor: Actor, p: SqlParams, c = 'c', o = 'o'): string {
  const subtree = `${o}.path LIKE ${p.add(`${actor.orgUnitPath}%`)}`;
  return hqRestricted(actor) ? `(${subtree} AND (${c}.hq_filed OR ${o}.kind = 'hq'))` : `(${subtree})`;
}

export function customerInScope(actor: Actor, customer: { owningUnitPath: string; owningUnitKind: string; hqFiled: boolean }): boolean {
  if (!customer.owningUnitPath.startsWith(actor.orgUnitPath)) return false;
  return !hqRestricted(actor) || customer.hqFiled || customer.owningUnitKind === 'hq';
}

/** Roles that make a user customer-service staff of their unit (clear for `secret` archives). */
export const CS_STAFF_ROLES: readonly Role[] = ['agent', 'cs_manager', 'team_leader', 'ops_manager'];
export const MANAGER_ROLES: readonly Role[] = ['cs_manager', 'ops_manager'];

const holds = (actor: Actor, roles: readonly Role[]): boolean => actor.kind === 'user' && roles.some((r) => actor.roles.includes(r));

/**
 * Whether the caller's role alone clears them for an archive's personal details [001 篇八]:
 * - `secret`: the CS staff of the units that see it (API keys with `customers:read` count as such);
 * - `confidential`: a manager of the owning unit, or of HQ;
 * - `top_secret`: only HQ's CS manager.
 * Anyone else needs an approved, unexpired access request. The admin role is not a clearance.
 */
export function clearedByRole(actor: Actor, customer: { confidentiality: Confidentiality; owningUnitId: string }): boolean {
  switch (customer.confidentiality) {
    case 'secret':
      return actor.kind === 'api_key' || holds(actor, CS_STAFF_ROLES);
    case 'confidential':
      return holds(actor, MANAGER_ROLES) && (actor.orgUnitId === customer.owningUnitId || actor.orgUnitKind === 'hq');
    case 'top_secret':
      return holds(actor, ['cs_manager']) && actor.orgUnitKind === 'hq';
  }
}

/** Who may approve an access request: a CS manager of the owning unit or above; HQ's for `top_secret`. */
export function mayApproveAccess(actor: Actor, customer: { confidentiality: Confidentiality; owningUnitPath: string }): boolean {
  if (!holds(actor, ['cs_manager'])) return false;
  if (!customer.owningUnitPath.startsWith(actor.orgUnitPath)) return false;
  return customer.confidentiality !== 'top_secret' || actor.orgUnitKind === 'hq';
}

/** Contact fields that are personal (relationship-building details [000 §7]). */
export const PERSONAL_CONTACT_FIELDS = ['personalPhone', 'birthday', 'hobbies'] as const;
/** Withheld as well when an uncleared caller reads a confidential / top-secret archive. */
export const CONFIDENTIAL_CONTACT_FIELDS = ['phone', 'email'] as const;
/** Customer fields withheld from lists and uncleared callers of confidential / top-secret archives. */
export const CONFIDENTIAL_CUSTOMER_FIELDS = ['address', 'suggestions'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A keyset cursor checked against the sort it is used with, so a cursor from another list (or a
 * hand-made one) answers 400 instead of failing inside a SQL cast.
 */
export function keysetPosition(cursor: string, kind: 'timestamp' | 'text' | 'date'): { v: string; id: string } {
  const position = decodeCursor(cursor);
  const v = position.v;
  const ok =
    typeof v === 'string' &&
    UUID.test(position.id) &&
    (kind === 'text' ||
      (kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(v)) ||
      (kind === 'timestamp' && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(v) && !Number.isNaN(Date.parse(v))));
  if (!ok) throw invalidInput('cursor', 'is not a cursor returned by this list');
  return { v: v as string, id: position.id };
}
