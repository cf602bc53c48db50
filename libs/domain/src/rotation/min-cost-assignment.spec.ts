import fc from 'fast-check';
import { solveMinCostAssignment } from './min-cost-assignment';

function bruteForceMinimum(costs: number[][], cols: number): number {
  let best = Number.POSITIVE_INFINITY;
  const used = new Array<boolean>(cols).fill(false);
  const search = (row: number, total: number): void => {
    if (row === costs.length) {
      best = Math.min(best, total);
      return;
    }
    for (let col = 0; col < cols; col += 1) {
      if (used[col]) continue;
      used[col] = true;
      search(row + 1, total + (costs[row]?.[col] ?? 0));
      used[col] = false;
    }
  };
  search(0, 0);
  return best;
}

describe('solveMinCostAssignment', () => {
  it('solves a textbook 3 × 3 case', () => {
    const costs = Float64Array.from([4, 1, 3, 2, 0, 5, 3, 2, 2]);
    expect(Array.from(solveMinCostAssignment(costs, 3, 3))).toEqual([1, 0, 2]);
  });

  it('handles more columns than rows', () => {
    const costs = Float64Array.from([9, 9, 1, 9, 1, 9, 9, 9]);
    expect(Array.from(solveMinCostAssignment(costs, 2, 4))).toEqual([2, 0]);
  });

  it('handles an empty problem', () => {
    expect(solveMinCostAssignment(new Float64Array(0), 0, 0)).toHaveLength(0);
  });

  it('rejects more rows than columns and a wrong matrix size', () => {
    expect(() => solveMinCostAssignment(new Float64Array(6), 3, 2)).toThrow(RangeError);
    expect(() => solveMinCostAssignment(new Float64Array(5), 2, 3)).toThrow(RangeError);
  });

  it('finds the optimum found by exhaustive search, with distinct columns', () => {
    const problem = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 })).chain(([rows, extra]) =>
      fc.tuple(
        fc.constant(rows),
        fc.constant(rows + extra),
        fc.array(fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: rows + extra, maxLength: rows + extra }), {
          minLength: rows,
          maxLength: rows,
        }),
      ),
    );
    fc.assert(
      fc.property(problem, ([rows, cols, matrix]) => {
        const assignment = solveMinCostAssignment(Float64Array.from(matrix.flat()), rows, cols);
        expect(new Set(assignment).size).toBe(rows);
        const total = Array.from(assignment).reduce((sum, col, row) => sum + (matrix[row]?.[col] ?? 0), 0);
        expect(total).toBe(bruteForceMinimum(matrix, cols));
      }),
    );
  });
});
