/**
 * A Store that records which of its methods were called, so that use-case tests can show how many
 * store requests a use case makes (DESIGN.md §5: O(1) per API request) without a DynamoDB.
 */
import type { Store } from '../../functions/ports/store.ts';

export interface CountingStore {
  store: Store;
  /** Every method called, in order. */
  calls: string[];
  /** How many times `method` was called. */
  count(method: keyof Store): number;
}

/** Wraps `store`: every call goes through to it and is recorded. */
export function countingStore(store: Store): CountingStore {
  const calls: string[] = [];
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        calls.push(property);
        return value.apply(target, args);
      };
    },
  });
  return { store: counted, calls, count: (method) => calls.filter((c) => c === method).length };
}
