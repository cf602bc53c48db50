/**
 * Minimum-cost assignment (Hungarian algorithm with potentials, O(rows² × cols)).
 *
 * `costs` is a row-major rows × cols matrix with rows ≤ cols; every row gets a distinct column and
 * the total cost is minimal. Costs should be integers (exact up to 2^53): with integer costs all
 * potentials stay integers, so the result is exact and deterministic (ties go to the lowest index).
 * Returns the column of each row.
 */
export function solveMinCostAssignment(costs: Float64Array, rows: number, cols: number): Int32Array {
  if (rows > cols) throw new RangeError(`an assignment needs rows ≤ cols, got ${rows} × ${cols}`);
  if (costs.length !== rows * cols) throw new RangeError(`expected ${rows * cols} costs, got ${costs.length}`);
  // 1-based with a virtual column 0, as in the classic formulation.
  const rowPotential = new Float64Array(rows + 1);
  const colPotential = new Float64Array(cols + 1);
  const rowOfCol = new Int32Array(cols + 1);
  const way = new Int32Array(cols + 1);
  const minSlack = new Float64Array(cols + 1);
  const visited = new Uint8Array(cols + 1);

  for (let row = 1; row <= rows; row += 1) {
    rowOfCol[0] = row;
    let col0 = 0;
    minSlack.fill(Number.POSITIVE_INFINITY);
    visited.fill(0);
    do {
      visited[col0] = 1;
      const row0 = rowOfCol[col0] ?? 0;
      const offset = (row0 - 1) * cols - 1;
      const potential0 = rowPotential[row0] ?? 0;
      let delta = Number.POSITIVE_INFINITY;
      let col1 = 0;
      for (let col = 1; col <= cols; col += 1) {
        if (visited[col] === 1) continue;
        const slack = (costs[offset + col] ?? 0) - potential0 - (colPotential[col] ?? 0);
        if (slack < (minSlack[col] ?? 0)) {
          minSlack[col] = slack;
          way[col] = col0;
        }
        if ((minSlack[col] ?? 0) < delta) {
          delta = minSlack[col] ?? 0;
          col1 = col;
        }
      }
      for (let col = 0; col <= cols; col += 1) {
        if (visited[col] === 1) {
          const assignedRow = rowOfCol[col] ?? 0;
          rowPotential[assignedRow] = (rowPotential[assignedRow] ?? 0) + delta;
          colPotential[col] = (colPotential[col] ?? 0) - delta;
        } else {
          minSlack[col] = (minSlack[col] ?? 0) - delta;
        }
      }
      col0 = col1;
    } while (rowOfCol[col0] !== 0);
    do {
      const col1 = way[col0] ?? 0;
      rowOfCol[col0] = rowOfCol[col1] ?? 0;
      col0 = col1;
    } while (col0 !== 0);
  }

  const colOfRow = new Int32Array(rows).fill(-1);
  for (let col = 1; col <= cols; col += 1) {
    const row = rowOfCol[col] ?? 0;
    if (row !== 0) colOfRow[row - 1] = col - 1;
  }
  return colOfRow;
}
