/**
 * Views are pure functions of a parsed tree, and trees are never changed
 * after parsing: a view is computed once per node (or document) and lives
 * exactly as long as it does. Every rule of a document asks for the same
 * views, so this saves most of a check's work.
 */
export function memoized<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  return memoizedOn((key: K) => key, compute);
}

/** The same, for a function of several arguments that one of them (`keyOf`) determines. */
export function memoizedOn<A extends unknown[], K extends object, V>(keyOf: (...args: A) => K, compute: (...args: A) => V): (...args: A) => V {
  const cache = new WeakMap<K, V>();
  return (...args: A): V => {
    const key = keyOf(...args);
    let value = cache.get(key);
    if (value === undefined && !cache.has(key)) {
      value = compute(...args);
      cache.set(key, value);
    }
    return value as V;
  };
}

/**
 * A value kept per object while what else it was computed from is the same:
 * `inputs` (compared one by one with ===) are those other things, such as the
 * index's list of a kind, which the index keeps as the same array while no
 * document of that kind changes. A keystroke elsewhere then costs a lookup.
 */
export function keptWhileSame<K extends object, V>(): (key: K, inputs: ReadonlyArray<unknown>, compute: () => V) => V {
  const cache = new WeakMap<K, { inputs: ReadonlyArray<unknown>; value: V }>();
  return (key, inputs, compute) => {
    const kept = cache.get(key);
    if (kept && kept.inputs.length === inputs.length && kept.inputs.every((input, i) => input === inputs[i])) return kept.value;
    const value = compute();
    cache.set(key, { inputs, value });
    return value;
  };
}
