// Time goes through an injected clock so tests can move it. Dates are calendar dates in Asia/Shanghai.
export type Clock = { now(): Date };

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(iso: string): Clock & { set(iso: string): void; advanceMs(ms: number): void } {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    set: (v: string) => {
      t = new Date(v).getTime();
    },
    advanceMs: (ms: number) => {
      t += ms;
    },
  };
}

/** The calendar date ('YYYY-MM-DD') in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
