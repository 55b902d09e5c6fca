// A leader talks to many members at once; this bounds how many calls run at the same time.
/** Runs `fn` over `items` with at most `limit` running at once (a leader talks to up to 99 followers). */
export async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
