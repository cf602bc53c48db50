import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { invalidInput } from './errors';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export class PageQuery {
  /** Page size, 1–200 (default 50). */
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  /** Opaque cursor from the previous page's `nextCursor`. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export class PageMeta {
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` to get the next page; null on the last page' })
  nextCursor!: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A keyset position: the sort value and the id of the last row on a page. */
interface CursorPosition {
  v: string | number | null;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      parsed &&
      typeof parsed === 'object' &&
      'id' in parsed &&
      typeof parsed.id === 'string' &&
      'v' in parsed &&
      (parsed.v === null || typeof parsed.v === 'string' || typeof parsed.v === 'number')
    ) {
      return { v: parsed.v, id: parsed.id };
    }
  } catch {
    // fall through to the error below
  }
  throw invalidInput('cursor', 'is not a cursor returned by this list');
}

export interface KeysetSort {
  /** SQL expression of the sort column, e.g. `c.created_at`. Must not be null for listed rows. */
  column: string;
  /** SQL expression of the tie-breaker (unique), e.g. `c.id`. */
  idColumn: string;
  direction: 'ASC' | 'DESC';
  /** How to turn the row's sort value into the cursor value. */
  cast?: 'timestamptz' | 'text' | 'numeric' | 'uuid' | 'bigint';
  /** Type of the tie-breaker column (default uuid). */
  idCast?: 'uuid' | 'bigint';
}

/**
 * Keyset pagination: `WHERE (sort, id) < (:v, :id) ORDER BY sort, id LIMIT n+1`. Uses the
 * composite index on (sort, id), so page 1,000 costs what page 1 costs.
 */
export async function paginate<E extends ObjectLiteral, T>(
  qb: SelectQueryBuilder<E>,
  query: PageQuery,
  sort: KeysetSort,
  sortValue: (row: E) => string | number | null,
  rowId: (row: E) => string,
  map: (row: E) => T | Promise<T>,
): Promise<Page<T>> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const op = sort.direction === 'DESC' ? '<' : '>';
  const cast = sort.cast ?? 'timestamptz';
  if (query.cursor) {
    const position = decodeCursor(query.cursor);
    qb.andWhere(`(${sort.column}, ${sort.idColumn}) ${op} (CAST(:cursorValue AS ${cast}), CAST(:cursorId AS ${sort.idCast ?? 'uuid'}))`, {
      cursorValue: position.v,
      cursorId: position.id,
    });
  }
  qb.orderBy(sort.column, sort.direction)
    .addOrderBy(sort.idColumn, sort.direction)
    .limit(limit + 1);
  const rows = await qb.getMany();
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  const items = await Promise.all(pageRows.map(map));
  return { items, nextCursor: hasMore && last ? encodeCursor({ v: sortValue(last), id: rowId(last) }) : null };
}

/** Same as `paginate` for hand-written SQL: `rows` were fetched with LIMIT limit+1. */
export function pageFromRows<R, T>(rows: R[], limit: number, position: (row: R) => CursorPosition, map: (row: R) => T): Page<T> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: pageRows.map(map), nextCursor: hasMore && last ? encodeCursor(position(last)) : null };
}
