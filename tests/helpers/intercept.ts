/**
 * `target` with one method wrapped: `wrap` gets the original (bound to the target) and the call's
 * arguments. Tests use it to land a delete, a PUT or a failure at an exact point of a service's run
 * on the stack's real stores, instead of hoping a race happens.
 */
type Call = (...args: unknown[]) => Promise<unknown>;

export function intercept<T extends object>(target: T, name: keyof T & string, wrap: (original: Call, args: unknown[]) => Promise<unknown>): T {
  return new Proxy(target, {
    get(t, member, receiver) {
      const value: unknown = Reflect.get(t, member, receiver);
      if (typeof value !== 'function') return value;
      const bound = (value as Call).bind(t);
      return member === name ? (...args: unknown[]) => wrap(bound, args) : bound;
    },
  });
}
