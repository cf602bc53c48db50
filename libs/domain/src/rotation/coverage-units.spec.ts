import fc from 'fast-check';
import { adjacencyOf, buildCoverageUnits } from './coverage-units';
import type { RotationRegion } from './rotation-plan-types';

function region(id: string, salesUnits: number, adjacentRegionIds: string[] = [], extra: Partial<RotationRegion> = {}): RotationRegion {
  return { id, salesUnits, highFailureModels: false, oneStopService: false, adjacentRegionIds, ...extra };
}

describe('buildCoverageUnits', () => {
  it('class-1 and class-2 regions are units of their own; class 1 flags a channel assistant', () => {
    const units = buildCoverageUnits({ regions: [region('R2', 150_000), region('R1', 250_000)] });
    expect(units).toEqual([
      { id: 'customer_manager:R1', category: 'customer_manager', regionIds: ['R1'], staffedAsClass: 1, channelAssistant: true },
      { id: 'customer_manager:R2', category: 'customer_manager', regionIds: ['R2'], staffedAsClass: 2, channelAssistant: false },
    ]);
  });

  it('packs a chain of class-3 regions into connected groups of at most 3', () => {
    const regions = [
      region('R1', 10, ['R2']),
      region('R2', 10, ['R3']),
      region('R3', 10, ['R4']),
      region('R4', 10, ['R5']),
      region('R5', 10),
    ];
    expect(buildCoverageUnits({ regions }).map((unit) => unit.regionIds)).toEqual([
      ['R1', 'R2', 'R3'],
      ['R4', 'R5'],
    ]);
    expect(buildCoverageUnits({ regions, options: { maxClass3GroupSize: 2 } }).map((unit) => unit.regionIds)).toEqual([
      ['R1', 'R2'],
      ['R3', 'R4'],
      ['R5'],
    ]);
  });

  it('does not group class-3 regions that are not adjacent, nor through a class-2 region', () => {
    const regions = [region('A', 10, ['B']), region('B', 150_000, ['C']), region('C', 10)];
    expect(buildCoverageUnits({ regions }).map((unit) => unit.regionIds)).toEqual([['A'], ['B'], ['C']]);
  });

  it('a one-stop service region is staffed as class 3 and can be grouped', () => {
    const regions = [region('A', 300_000, ['B'], { oneStopService: true }), region('B', 10)];
    expect(buildCoverageUnits({ regions })).toEqual([
      { id: 'customer_manager:A+B', category: 'customer_manager', regionIds: ['A', 'B'], staffedAsClass: 3, channelAssistant: false },
    ]);
  });

  it('builds units per required category', () => {
    const regions = [
      region('A', 10, ['B'], { requiredCategories: ['customer_manager', 'technician'] }),
      region('B', 10, [], { requiredCategories: ['technician'] }),
      region('C', 10, [], { requiredCategories: [] }),
    ];
    expect(buildCoverageUnits({ regions }).map((unit) => unit.id)).toEqual(['customer_manager:A', 'technician:A+B']);
  });

  it('rejects duplicate region ids and a bad group size', () => {
    expect(() => buildCoverageUnits({ regions: [region('A', 1), region('A', 2)] })).toThrow(/duplicate region id "A"/);
    expect(() => buildCoverageUnits({ regions: [], options: { maxClass3GroupSize: 0 } })).toThrow(RangeError);
  });

  it('partitions the regions into connected units within the size limit', () => {
    const instance = fc
      .integer({ min: 1, max: 12 })
      .chain((count) =>
        fc.tuple(
          fc.array(fc.constantFrom(10, 150_000, 250_000), { minLength: count, maxLength: count }),
          fc.array(fc.tuple(fc.nat({ max: count - 1 }), fc.nat({ max: count - 1 })), { maxLength: count * 2 }),
          fc.integer({ min: 1, max: 4 }),
        ),
      );
    fc.assert(
      fc.property(instance, ([sales, edges, maxClass3GroupSize]) => {
        const regions = sales.map((salesUnits, index) =>
          region(
            `R${index}`,
            salesUnits,
            edges.filter(([from]) => from === index).map(([, to]) => `R${to}`),
          ),
        );
        const adjacency = adjacencyOf(regions);
        const units = buildCoverageUnits({ regions, options: { maxClass3GroupSize } });
        const covered = units.flatMap((unit) => unit.regionIds).sort();
        expect(covered).toEqual(regions.map((r) => r.id).sort());
        for (const unit of units) {
          expect(unit.regionIds.length).toBeLessThanOrEqual(unit.staffedAsClass === 3 ? maxClass3GroupSize : 1);
          // connected: every member after the first touches an earlier one in some order
          const reached = new Set([unit.regionIds[0]]);
          let grew = true;
          while (grew) {
            grew = false;
            for (const id of unit.regionIds) {
              if (!reached.has(id) && [...(adjacency.get(id) ?? [])].some((other) => reached.has(other))) {
                reached.add(id);
                grew = true;
              }
            }
          }
          expect(reached.size).toBe(unit.regionIds.length);
        }
      }),
    );
  });
});
