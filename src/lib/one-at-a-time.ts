/**
 * Runs tasks one after another per key (tasks of other keys are not held up): each starts when the one before it of
 * the same key has settled, whatever its outcome. A key with nothing waiting is forgotten.
 */
export function oneAtATimeByKey(): <T>(key: string, task: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return (key, task) => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(task);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
