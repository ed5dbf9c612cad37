/**
 * Rows noted now and written together a moment later: the first row noted starts the wait, the
 * latest row noted under a key replaces the one before, and the writer gets them all in one call.
 * A flush waits for the batch already being written, so what was noted before a flush is written
 * when it returns.
 */
export class WriteBehind<T> {
  private pending = new Map<string, T>();
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (batch: T[]) => Promise<void>,
    private readonly delayMs: number,
  ) {}

  note(key: string, row: T): void {
    this.pending.set(key, row);
    this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), this.delayMs).unref();
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    this.writing = this.writing.catch(() => undefined).then(() => (batch.length ? this.write(batch) : undefined));
    return this.writing;
  }
}
