import type { ColumnType } from '../../schema/types.js';

/**
 * Returns a function that maps a value of `type` to a Map or Set key that is equal exactly when
 * KQL treats the values as equal: strings and numbers are their own key, dynamic values compare
 * by their JSON text.
 */
export function groupKeyOf(type: ColumnType): (value: unknown) => unknown {
  if (type === 'dynamic') return (value) => (value !== null && typeof value === 'object' ? JSON.stringify(value) : value);
  return (value) => value;
}

/**
 * Returns a function that joins several key values into one string. Each part is tagged with
 * its JavaScript type so that the number 1 and the string "1", or null and "", never collide.
 */
export function compositeKey(values: unknown[]): string {
  {
    let key = '';
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === null || value === undefined) key += '\u0001n';
      else if (typeof value === 'string') key += `\u0001s${value}`;
      else if (typeof value === 'object') key += `\u0001j${JSON.stringify(value)}`;
      else key += `\u0001${typeof value === 'number' ? 'd' : 'b'}${String(value)}`;
    }
    return key;
  }
}
