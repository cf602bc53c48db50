/** Types and shared queries of the rotation area (all through the generated client). */
import type { Schemas } from '@cs/api-client';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { api, unwrap } from '../../api/client';
import type { Page } from '../../api/types';

export type RegionResponse = Schemas['RegionResponse'];
export type FieldStaffResponse = Schemas['FieldStaffResponse'];
export type RotationRoundResponse = Schemas['RotationRoundResponse'];
export type RotationRoundSummary = Schemas['RotationRoundSummary'];
export type PlanLineResponse = Schemas['PlanLineResponse'];
export type PlanViolationResponse = Schemas['PlanViolationResponse'];
export type HandoverTaskResponse = Schemas['HandoverTaskResponse'];
export type WeeklyComplianceResponse = Schemas['WeeklyComplianceResponse'];
export type FieldStaffCategory = FieldStaffResponse['category'];
export type RotationStatus = FieldStaffResponse['rotation']['status'];
export type DutyStatus = Schemas['ComplianceCell']['status'];

export const REGIONS_KEY = ['rotation', 'regions'] as const;
export const STAFF_KEY = ['rotation', 'field-staff'] as const;
export const ROUNDS_KEY = ['rotation', 'rounds'] as const;
export const HANDOVER_KEY = ['rotation', 'handover'] as const;

export const STATUS_COLOR: Record<RotationStatus, string> = { must_move: 'red', must_stay: 'blue', may_move: 'default' };
export const DUTY_COLOR: Record<DutyStatus, string> = {
  pending: 'default',
  on_time: 'green',
  late: 'orange',
  overdue: 'volcano',
  missing: 'red',
  not_required: 'default',
};

/** Every region in scope (up to 1,000, five pages), for names and pickers. */
export function useAllRegions() {
  const query = useQuery({
    queryKey: [...REGIONS_KEY, 'all'],
    queryFn: async () => {
      const all: RegionResponse[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 5; page += 1) {
        const result = await unwrap<Page<RegionResponse>>(api.GET('/api/v1/regions', { params: { query: { limit: 200, cursor } } }));
        all.push(...result.items);
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      return all;
    },
  });
  const byId = useMemo(() => new Map((query.data ?? []).map((region) => [region.id, region])), [query.data]);
  return Object.assign(query, { byId });
}

/**
 * Connected groups of class-3 regions (staffed as class 3) through adjacency: the "map" of which
 * regions one field staff may cover together.
 */
export function class3Groups(regions: readonly RegionResponse[]): RegionResponse[][] {
  const class3 = new Map(regions.filter((r) => r.staffedAsClass === 3).map((r) => [r.id, r]));
  const seen = new Set<string>();
  const groups: RegionResponse[][] = [];
  for (const region of [...class3.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    if (seen.has(region.id)) continue;
    const group: RegionResponse[] = [];
    const queue = [region];
    seen.add(region.id);
    while (queue.length > 0) {
      const next = queue.shift();
      if (!next) break;
      group.push(next);
      for (const id of next.adjacentRegionIds) {
        const neighbour = class3.get(id);
        if (neighbour && !seen.has(id)) {
          seen.add(id);
          queue.push(neighbour);
        }
      }
    }
    groups.push(group.sort((a, b) => a.name.localeCompare(b.name)));
  }
  return groups;
}
