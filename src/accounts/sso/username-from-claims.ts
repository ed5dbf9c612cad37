const USERNAME_MAX = 30;

/**
 * Usernames to try for a member created from an ID token, best first: the provider's preferred
 * username, nickname, name or the e-mail's local part, cut to the allowed letters (letters,
 * digits, _ and -; 3 to 30), then the same with numbers for when it is taken.
 */
export function usernameCandidates(claims: Record<string, unknown>): string[] {
  const sources = [claims.preferred_username, claims.nickname, claims.name, typeof claims.email === 'string' ? claims.email.split('@')[0] : undefined];
  const base =
    sources
      .filter((value): value is string => typeof value === 'string')
      .map((value) => value.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/\s+/g, '_').replace(/[^A-Za-z0-9_-]/g, '').slice(0, USERNAME_MAX))
      .find((value) => value.length >= 3) ?? 'member';
  const numbered = Array.from({ length: 20 }, (_, i) => `${base.slice(0, USERNAME_MAX - String(i + 2).length)}${i + 2}`);
  const random = `${base.slice(0, USERNAME_MAX - 7)}-${Math.random().toString(36).slice(2, 8)}`;
  return [base, ...numbered, random];
}
