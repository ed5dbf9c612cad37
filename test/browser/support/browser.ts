import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it on a fresh machine). */
export const CHROMIUM = '/usr/bin/chromium';

// Without the networking flags Chromium stalls here, reaching for Google services it cannot reach.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Viewport {
  name: 'desktop' | 'phone';
  width: number;
  height: number;
  colorScheme: 'light' | 'dark';
}

export const DESKTOP: Viewport = { name: 'desktop', width: 1280, height: 800, colorScheme: 'light' };
export const PHONE: Viewport = { name: 'phone', width: 360, height: 740, colorScheme: 'dark' };

/**
 * Page checks run at both widths: `describe.each(VIEWPORTS)('… at $name width ($colorScheme)', …)`.
 * The phone runs in the dark scheme, so both schemes' colours meet axe on every page at no extra cost.
 * A journey that tests behaviour (voting, keyboard, roles…) runs once, at the width it is about:
 * running it again at the other width repeats the same requests and checks the same pages.
 */
export const VIEWPORTS: readonly Viewport[] = [DESKTOP, PHONE];

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does so on a fresh machine).`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}
