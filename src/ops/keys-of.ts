// The names of a table of records (activations, losses), in the table's order and typed as its keys.

/** The keys of `table`, in order, frozen. */
export function keysOf<T extends object>(table: T): readonly (keyof T & string)[] {
  return Object.freeze(Object.keys(table).filter((key): key is keyof T & string => Object.hasOwn(table, key)));
}
