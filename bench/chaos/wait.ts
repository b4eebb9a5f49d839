export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` every 250 ms until it is true; after `seconds` throws, naming what did not come and why. */
export async function waitUntil(what: string, check: () => Promise<boolean>, seconds: number, hint?: () => string): Promise<void> {
  const until = Date.now() + seconds * 1000;
  let lastError: unknown;
  while (Date.now() < until) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await sleep(250);
  }
  const why = lastError ? ` (last error: ${(lastError as Error).message})` : '';
  throw new Error(`${what} was not ready within ${seconds} s${why}${hint ? `; ${hint()}` : ''}`);
}
