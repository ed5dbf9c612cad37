/** class-transformer helpers shared by DTOs. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** An empty query parameter (a form's untouched select or field) means "not given". */
export const emptyAsMissing = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Checkboxes arrive as "on" (or nothing); JSON as booleans. */
export const checkbox = ({ value }: { value: unknown }) => (value === 'on' || value === 'true' ? true : value === undefined || value === 'false' ? false : value);
