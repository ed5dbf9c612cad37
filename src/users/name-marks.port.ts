/** What appears beside a member's name: the super-user mark and their badge counts per tier. */
export interface NameMarks {
  superUser: boolean;
  gold: number;
  silver: number;
  bronze: number;
  /** All three counts together: no badges, no tier counts shown. */
  total: number;
}

/**
 * The port through which pages that show names read the marks beside them. The badges module
 * provides it (globally), so the pages that show names need not import badges: the module graph
 * stays one-way, with badges on top. Without a provider, names carry no marks.
 */
export interface NameMarksReader {
  forUsers(userIds: readonly number[]): Promise<Map<number, NameMarks>>;
}

export const NAME_MARKS = Symbol('NAME_MARKS');

export const NO_MARKS: NameMarks = { superUser: false, gold: 0, silver: 0, bronze: 0, total: 0 };

/** A view-model author (`{ id, … }`) with its marks added as `marks`. */
export function withMarks<T extends { id: number }>(author: T, marks: Map<number, NameMarks>): T & { marks: NameMarks } {
  return { ...author, marks: marks.get(author.id) ?? NO_MARKS };
}

/** Marks for view-model rows that each carry an author, in one read. */
export async function rowsWithMarks<T extends { author: { id: number } }>(reader: NameMarksReader | undefined, rows: T[]): Promise<T[]> {
  if (!reader || rows.length === 0) return rows;
  const marks = await reader.forUsers(rows.map((row) => row.author.id));
  return rows.map((row) => ({ ...row, author: withMarks(row.author, marks) }));
}
