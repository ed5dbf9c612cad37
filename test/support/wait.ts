/**
 * Waits until `check` holds, polling; fails with `what` when it does not within `ms`. For what
 * another process or connection does in its own time (a NOTIFY, a worker): the bound is how long
 * the test is willing to wait, not a timing assertion.
 */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Still waiting after ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
