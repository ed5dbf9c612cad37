/** What a session remembers of its browser, for the sessions page. */
export interface SessionMeta {
  ip: string | null;
  userAgent: string | null;
  /** ISO time of the last request, to the minute. */
  seenAt: string;
}

declare module 'express-session' {
  interface SessionData {
    meta?: SessionMeta;
  }
}

/** "Firefox on Windows", "Safari on iPhone", … from a User-Agent header; "Unknown browser" otherwise. */
export function describeBrowser(userAgent: string | null): string {
  if (!userAgent) return 'Unknown browser';
  const browsers: [RegExp, string][] = [[/Edg\//, 'Edge'], [/OPR\//, 'Opera'], [/Firefox\//, 'Firefox'], [/Chrom(e|ium)\//, 'Chrome'], [/Safari\//, 'Safari'], [/curl\//, 'curl']];
  const systems: [RegExp, string][] = [[/iPhone|iPad/, 'iOS'], [/Android/, 'Android'], [/Windows/, 'Windows'], [/Mac OS X|Macintosh/, 'macOS'], [/CrOS/, 'ChromeOS'], [/Linux/, 'Linux']];
  const name = browsers.find(([pattern]) => pattern.test(userAgent))?.[1] ?? 'Unknown browser';
  const system = systems.find(([pattern]) => pattern.test(userAgent))?.[1];
  return system ? `${name} on ${system}` : name;
}
