import Sequencer from '@jest/test-sequencer';

/**
 * Seconds a suite took in earlier full runs, for the suites that take longest (on 2 cores): used
 * only while jest has no timing of its own for a suite (a fresh clone, CI). Only the order matters.
 */
const KNOWN_SLOW = {
  'test/e2e/importing/import-dumps.e2e-spec.ts': 90,
  'test/e2e/hardening/faults.e2e-spec.ts': 52,
  'test/browser/pages.browser-spec.ts': 51,
  'test/browser/badges.browser-spec.ts': 32,
  'test/e2e/hardening/hostile-input.property.e2e-spec.ts': 28,
  'test/browser/escalation.browser-spec.ts': 27,
  'test/e2e/platform/embedded-start.e2e-spec.ts': 26,
  'test/browser/service-levels.browser-spec.ts': 25,
};
/** A browser suite starts Chromium and audits every page it visits: most take 10–25 s. */
const BROWSER_SUITE = 15;
const OTHER_SUITE = 5;

/**
 * Longest suites first, so that neither worker is left running a long suite alone at the end.
 * Jest does this itself from its cache of timings; on a cold cache it falls back to file size,
 * which put the 90 s dump import near the end of a run. Suites that failed last time still go first.
 */
export default class SlowestFirstSequencer extends Sequencer.default {
  sort(tests) {
    const expected = (test) => {
      const timed = this.time(test);
      if (timed != null) return timed / 1000;
      const path = test.path.slice(test.context.config.rootDir.length + 1).split('\\').join('/');
      return KNOWN_SLOW[path] ?? (path.endsWith('.browser-spec.ts') ? BROWSER_SUITE : OTHER_SUITE);
    };
    const fileSize = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    const order = new Map(tests.map((test) => [test, [this.hasFailed(test) ? 1 : 0, expected(test)]]));
    for (const test of tests) test.duration = this.time(test); // as jest's sequencer leaves it, for cacheResults
    return [...tests].sort((a, b) => {
      const [failedA, secondsA] = order.get(a);
      const [failedB, secondsB] = order.get(b);
      // Among suites with the same estimate, the larger file first, as jest's own fallback does.
      return failedB - failedA || secondsB - secondsA || fileSize(b) - fileSize(a);
    });
  }
}
