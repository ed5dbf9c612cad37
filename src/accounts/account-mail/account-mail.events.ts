/** The one job of account e-mail; the handler decides what to send, so a request's answer never depends on it. */
export const AccountMailJobs = { send: 'accounts.mail' } as const;

export type AccountMail =
  /** Sent only if the address belongs to a member; the token is made by the handler, never kept in the job. */
  | { kind: 'password-reset'; email: string; ip: string | null; userAgent: string | null }
  /** A link confirming `email` as the member's address (their first, or a new one). */
  | { kind: 'confirm-address'; userId: number; email: string }
  /** Someone tried to sign up with (or move to) an address that already has an account: tell its owner. */
  | { kind: 'address-in-use'; email: string };
