/**
 * `Array.isArray` for values typed as readonly arrays that may still be anything at run time
 * (validators of untrusted input). The built-in narrows a readonly array to `any[]`; this keeps
 * the element type.
 */
export function isReadonlyArray<T>(value: readonly T[] | null | undefined): value is readonly T[] {
  return Array.isArray(value);
}
