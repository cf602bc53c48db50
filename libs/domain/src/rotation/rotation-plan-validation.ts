import { adjacencyOf, byId, maxClass3GroupSizeOf, requiredCategoriesOf } from './coverage-units';
import { staffedAsClass } from './region-class';
import type { RotationPlanAssignment, RotationPlanInput, RotationViolation } from './rotation-plan-types';
import { describeRegions } from './rotation-status';

/**
 * Checks a (possibly hand-edited) plan against the rotation rules, so it can be approved safely:
 * every region has exactly one field staff of each required category; a person covering several
 * regions covers only class-3 regions, connected through adjacency, at most `maxClass3GroupSize`;
 * must-move people leave all their regions; must-stay people keep at least one; nobody moves back
 * to a region they just left. A person "stays" when their new regions share one with the current.
 */
export function validateRotationPlan(input: RotationPlanInput, assignments: readonly RotationPlanAssignment[]): RotationViolation[] {
  const regionsById = new Map(input.regions.map((region) => [region.id, region]));
  const staffById = new Map(input.staff.map((person) => [person.id, person]));
  const adjacency = adjacencyOf(input.regions);
  const maxGroup = maxClass3GroupSizeOf(input);
  const staffViolations: RotationViolation[] = [];
  const lineViolations: RotationViolation[] = [];
  const coverage = new Map<string, string[]>(); // `${regionId}|${category}` → staff ids

  const accepted = new Map<string, string[]>();
  for (const line of assignments) {
    if (!staffById.has(line.staffId)) {
      lineViolations.push({ code: 'ROT_UNKNOWN_STAFF', staffId: line.staffId, message: `${line.staffId} is not in this round` });
    } else if (accepted.has(line.staffId)) {
      lineViolations.push({ code: 'ROT_DUPLICATE_LINE', staffId: line.staffId, message: `${line.staffId} has more than one line` });
    } else {
      accepted.set(line.staffId, [...new Set(line.toRegionIds)].sort(byId));
    }
  }

  for (const person of [...input.staff].sort((a, b) => byId(a.id, b.id))) {
    const toRegionIds = accepted.get(person.id);
    if (toRegionIds === undefined) {
      staffViolations.push({ code: 'ROT_MISSING_LINE', staffId: person.id, message: `${person.id} has no line in the plan` });
      continue;
    }
    const known: string[] = [];
    for (const regionId of toRegionIds) {
      const region = regionsById.get(regionId);
      if (region === undefined) {
        staffViolations.push({
          code: 'ROT_UNKNOWN_REGION',
          staffId: person.id,
          regionId,
          message: `${person.id} is sent to ${regionId}, which is not in this round`,
        });
        continue;
      }
      known.push(regionId);
      if (!requiredCategoriesOf(region).includes(person.category)) {
        staffViolations.push({
          code: 'ROT_CATEGORY_NOT_REQUIRED',
          staffId: person.id,
          regionId,
          message: `${person.id} is a ${person.category} but region ${regionId} needs no ${person.category}`,
        });
        continue;
      }
      const key = `${regionId}|${person.category}`;
      coverage.set(key, [...(coverage.get(key) ?? []), person.id]);
    }

    if (known.length > 1) {
      const dedicated = known.filter((regionId) => {
        const region = regionsById.get(regionId);
        return region !== undefined && staffedAsClass(region) !== 3;
      });
      for (const regionId of dedicated) {
        const region = regionsById.get(regionId);
        staffViolations.push({
          code: 'ROT_DEDICATED_REGION_SHARED',
          staffId: person.id,
          regionId,
          message: `class-${region === undefined ? '?' : staffedAsClass(region)} region ${regionId} needs a dedicated field staff, but ${person.id} also covers ${known.filter((id) => id !== regionId).join(', ')}`,
        });
      }
      if (dedicated.length === 0) {
        if (known.length > maxGroup) {
          staffViolations.push({
            code: 'ROT_GROUP_TOO_LARGE',
            staffId: person.id,
            message: `${person.id} covers ${known.length} class-3 regions (${known.join(', ')}); at most ${maxGroup}`,
          });
        }
        if (!isConnected(known, adjacency)) {
          staffViolations.push({
            code: 'ROT_GROUP_NOT_ADJACENT',
            staffId: person.id,
            message: `${person.id} covers class-3 regions ${known.join(', ')} that are not adjacent to each other`,
          });
        }
      }
    }

    const current = new Set(person.currentRegionIds);
    const previous = new Set(person.previousRegionIds ?? []);
    const stays = toRegionIds.some((regionId) => current.has(regionId));
    const currentText = describeRegions([...current].sort(byId));
    if (person.status === 'must_move' && stays) {
      staffViolations.push({
        code: 'ROT_MUST_MOVE_NOT_MOVED',
        staffId: person.id,
        message: `${person.id} must move but stays in ${describeRegions(toRegionIds.filter((id) => current.has(id)))}`,
      });
    }
    if (person.status === 'must_stay' && current.size > 0 && !stays) {
      staffViolations.push({
        code: 'ROT_MUST_STAY_NOT_KEPT',
        staffId: person.id,
        message: `${person.id} must stay in ${currentText} but is ${toRegionIds.length === 0 ? 'released to the reserve' : `sent to ${toRegionIds.join(', ')}`}`,
      });
    }
    const returning = toRegionIds.filter((regionId) => previous.has(regionId));
    if (!stays && returning.length > 0) {
      staffViolations.push({
        code: 'ROT_RETURN_TO_PREVIOUS',
        staffId: person.id,
        regionId: returning[0],
        message: `${person.id} just left ${describeRegions(returning)} and may not be sent back`,
      });
    }
  }

  const regionViolations: RotationViolation[] = [];
  for (const region of [...input.regions].sort((a, b) => byId(a.id, b.id))) {
    for (const category of [...requiredCategoriesOf(region)].sort(byId)) {
      const covering = coverage.get(`${region.id}|${category}`) ?? [];
      if (covering.length === 0) {
        regionViolations.push({
          code: 'ROT_REGION_UNSTAFFED',
          regionId: region.id,
          category,
          message: `region ${region.id} has no ${category}`,
        });
      } else if (covering.length > 1) {
        regionViolations.push({
          code: 'ROT_REGION_OVERSTAFFED',
          regionId: region.id,
          category,
          message: `region ${region.id} has ${covering.length} ${category} field staff (${covering.join(', ')}); the staffing rule allows one`,
        });
      }
    }
  }
  return [...lineViolations, ...staffViolations, ...regionViolations];
}

function isConnected(regionIds: readonly string[], adjacency: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  const members = new Set(regionIds);
  const first = regionIds[0];
  if (first === undefined) return true;
  const reached = new Set([first]);
  const queue = [first];
  for (let cursor = 0; cursor < queue.length; cursor += 1) {
    for (const neighbour of adjacency.get(queue[cursor] ?? first) ?? []) {
      if (members.has(neighbour) && !reached.has(neighbour)) {
        reached.add(neighbour);
        queue.push(neighbour);
      }
    }
  }
  return reached.size === members.size;
}
