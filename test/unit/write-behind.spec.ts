import { WriteBehind } from '../../src/common/write-behind.js';

describe('WriteBehind: rows noted now, written together', () => {
  it('writes every key once per batch, the latest row of each, and nothing when nothing was noted', async () => {
    const batches: string[][] = [];
    const rows = new WriteBehind<string>(async (batch) => void batches.push(batch), 60_000);
    rows.note('a', 'a1');
    rows.note('b', 'b1');
    rows.note('a', 'a2');
    await rows.flush();
    await rows.flush();
    expect(batches).toEqual([['a2', 'b1']]);
  });

  it('returns from a flush only once the batch already being written is written too', async () => {
    const written: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const rows = new WriteBehind<string>(async (batch) => {
      if (batch.includes('first')) await slow;
      written.push(...batch);
    }, 60_000);
    rows.note('1', 'first');
    const first = rows.flush(); // as the timer's flush would be, still writing
    const second = rows.flush(); // nothing new noted: it must still wait for the first batch
    let secondReturned = false;
    void second.then(() => (secondReturned = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(secondReturned).toBe(false);
    release();
    await Promise.all([first, second]);
    expect(written).toEqual(['first']);
  });

  it('reports a failed write to its flush and still writes later batches', async () => {
    const written: string[] = [];
    const rows = new WriteBehind<string>(async (batch) => {
      if (batch.includes('bad')) throw new Error('the database is down');
      written.push(...batch);
    }, 60_000);
    rows.note('x', 'bad');
    await expect(rows.flush()).rejects.toThrow('the database is down');
    rows.note('y', 'good');
    await rows.flush();
    expect(written).toEqual(['good']);
  });

  it('writes what was noted after the delay without a flush', async () => {
    const written: string[] = [];
    const done = new Promise<void>((resolve) => {
      const rows = new WriteBehind<string>(async (batch) => {
        written.push(...batch);
        resolve();
      }, 10);
      rows.note('k', 'later');
    });
    await done;
    expect(written).toEqual(['later']);
  });
});
