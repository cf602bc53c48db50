import { staffedAsClass, staffingRule, type FieldStaffCategory, type RegionClass } from './region-class';
import {
  DEFAULT_MAX_CLASS_3_GROUP_SIZE,
  DEFAULT_REQUIRED_CATEGORIES,
  type CoverageUnit,
  type RotationPlanInput,
  type RotationRegion,
} from './rotation-plan-types';

/**
 * Coverage units: what one field staff covers. Class-1/2 regions are units of their own; class-3
 * regions (including one-stop-service regions) are packed per category into connected groups of
 * at most `maxClass3GroupSize`: seed at the smallest unpacked region id, grow breadth-first
 * through unpacked neighbours in id order. Greedy and derived from the map alone, so the same map
 * gives the same units every round (no dependence on who sits where today).
 */

export function byId(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function requiredCategoriesOf(region: RotationRegion): readonly FieldStaffCategory[] {
  return region.requiredCategories ?? DEFAULT_REQUIRED_CATEGORIES;
}

export function maxClass3GroupSizeOf(input: Pick<RotationPlanInput, 'options'>): number {
  const size = input.options?.maxClass3GroupSize ?? DEFAULT_MAX_CLASS_3_GROUP_SIZE;
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`maxClass3GroupSize must be a positive integer, got ${size}`);
  }
  return size;
}

/** Symmetric adjacency over the regions of the round (links to unknown regions are ignored). */
export function adjacencyOf(regions: readonly RotationRegion[]): Map<string, Set<string>> {
  const adjacency = new Map<string, Set<string>>(regions.map((region) => [region.id, new Set<string>()]));
  for (const region of regions) {
    for (const other of region.adjacentRegionIds) {
      if (other === region.id || !adjacency.has(other)) continue;
      adjacency.get(region.id)?.add(other);
      adjacency.get(other)?.add(region.id);
    }
  }
  return adjacency;
}

export function assertUniqueIds(what: string, ids: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new RangeError(`duplicate ${what} id "${id}"`);
    seen.add(id);
  }
}

export function coverageUnitId(category: FieldStaffCategory, regionIds: readonly string[]): string {
  return `${category}:${regionIds.join('+')}`;
}

export function buildCoverageUnits(input: Pick<RotationPlanInput, 'regions' | 'options'>): CoverageUnit[] {
  assertUniqueIds(
    'region',
    input.regions.map((region) => region.id),
  );
  const maxGroup = maxClass3GroupSizeOf(input);
  const adjacency = adjacencyOf(input.regions);
  const regions = [...input.regions].sort((a, b) => byId(a.id, b.id));
  const classOf = new Map<string, RegionClass>(regions.map((region) => [region.id, staffedAsClass(region)]));
  const categories = new Set<FieldStaffCategory>(regions.flatMap((region) => [...requiredCategoriesOf(region)]));
  const units: CoverageUnit[] = [];

  for (const category of [...categories].sort(byId)) {
    const needing = regions.filter((region) => requiredCategoriesOf(region).includes(category));
    const class3 = new Set<string>();
    for (const region of needing) {
      const regionClass = classOf.get(region.id) ?? 3;
      if (regionClass === 3) {
        class3.add(region.id);
      } else {
        units.push(unitOf(category, [region.id], regionClass));
      }
    }
    const packed = new Set<string>();
    for (const seed of [...class3].sort(byId)) {
      if (packed.has(seed)) continue;
      const group = [seed];
      packed.add(seed);
      for (let cursor = 0; cursor < group.length && group.length < maxGroup; cursor += 1) {
        const member = group[cursor] ?? seed;
        const neighbours = [...(adjacency.get(member) ?? [])].filter((id) => class3.has(id) && !packed.has(id)).sort(byId);
        for (const neighbour of neighbours) {
          if (group.length >= maxGroup) break;
          group.push(neighbour);
          packed.add(neighbour);
        }
      }
      units.push(unitOf(category, group.sort(byId), 3));
    }
  }
  return units.sort((a, b) => byId(a.id, b.id));
}

function unitOf(category: FieldStaffCategory, regionIds: string[], staffedClass: RegionClass): CoverageUnit {
  return {
    id: coverageUnitId(category, regionIds),
    category,
    regionIds,
    staffedAsClass: staffedClass,
    channelAssistant: staffingRule(staffedClass).channelAssistant,
  };
}
