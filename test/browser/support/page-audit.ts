/// <reference lib="dom" />
// DOM types for the functions that run inside the page (page.evaluate, init scripts).
import { AxeBuilder } from '@axe-core/playwright';
import type { ConsoleMessage, Page } from 'playwright-core';
import type { Viewport } from './browser.js';

const BLOCKING_IMPACTS = new Set(['serious', 'critical']);
/** "<what this page is> · AnswerBase", as the layout builds it from the controller's title. */
const MEANINGFUL_TITLE = /^\S.*\S · AnswerBase$/;

interface CspViolation {
  directive: string;
  blocked: string;
  source: string;
  line: number;
}

/**
 * Watches one page for the whole journey and checks every page it shows:
 * - axe-core finds no serious or critical violation,
 * - exactly one h1 and a meaningful <title>,
 * - nothing wider than the viewport,
 * - no console error, uncaught exception or Content-Security-Policy violation.
 * It also remembers every document the page loaded, so a journey cannot skip an audit.
 */
export class PageMonitor {
  private errors: string[] = [];
  private readonly documents: { url: string; audited: boolean }[] = [];
  private readonly documentUrls = new Set<string>();
  private status = 0;

  private constructor(private readonly page: Page) {}

  static async attach(page: Page): Promise<PageMonitor> {
    const monitor = new PageMonitor(page);
    // The DOM event catches every violation, also those Chromium does not log to the console.
    await page.exposeBinding('__abReportCspViolation', (_source, v: CspViolation) => {
      monitor.errors.push(`CSP violation of ${v.directive}: blocked ${v.blocked || 'inline'} at ${v.source}:${v.line}`);
    });
    await page.addInitScript(() => {
      const report = (window as unknown as { __abReportCspViolation(v: CspViolation): void }).__abReportCspViolation;
      document.addEventListener('securitypolicyviolation', (e) =>
        report({ directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber }),
      );
    });
    page.on('console', (message) => monitor.onConsole(message));
    page.on('pageerror', (error) => monitor.errors.push(`uncaught ${error.name}: ${error.message}`));
    page.on('response', (response) => {
      if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) {
        monitor.status = response.status();
        monitor.documentUrls.add(response.url());
      }
    });
    page.on('load', () => monitor.documents.push({ url: page.url(), audited: false }));
    return monitor;
  }

  /** The HTTP status of the document now showing (the last of a redirect chain). */
  get documentStatus(): number {
    return this.status;
  }

  /** Every check on the page now showing; returns the problems found, one line each. */
  async audit(viewport: Viewport): Promise<string[]> {
    const page = this.page;
    const where = new URL(page.url()).pathname;
    const problems = [...(await this.axeProblems()), ...(await this.structureProblems()), ...(await this.overflowProblems(viewport)), ...this.takeErrors()];
    const current = this.documents.at(-1);
    if (current) current.audited = true;
    return problems.map((problem) => `${where} (${viewport.name}, ${viewport.colorScheme}): ${problem}`);
  }

  /** Errors not yet reported by an audit (for instance from a page's last moments). */
  takeErrors(): string[] {
    const errors = this.errors;
    this.errors = [];
    return errors;
  }

  /** Documents the journey loaded but never audited. */
  unauditedPages(): string[] {
    return this.documents.filter((d) => !d.audited).map((d) => d.url);
  }

  private onConsole(message: ConsoleMessage): void {
    const text = message.text();
    // A 4xx document (a form with errors, the 404 page) is logged as a failed resource; its
    // status is what the journey asserts. Failed styles, scripts or images still count.
    if (/^Failed to load resource/.test(text) && this.documentUrls.has(message.location().url)) return;
    if (message.type() === 'error' || /Content Security Policy/i.test(text)) {
      const { url } = message.location();
      this.errors.push(`console ${message.type()}: ${text}${url ? ` (${url})` : ''}`);
    }
  }

  private async axeProblems(): Promise<string[]> {
    // Pico eases colour changes (focus, hover); measure the colours the page settles on.
    await this.page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a instanceof CSSTransition).map((a) => a.finished.catch(() => undefined))));
    // Legacy mode runs axe in the page itself instead of finishing in an extra blank page: half
    // the time, and the pages have no cross-origin frames that would need the newer mode.
    const { violations } = await new AxeBuilder({ page: this.page }).setLegacyMode().analyze();
    return violations
      .filter((v) => BLOCKING_IMPACTS.has(v.impact ?? ''))
      .map((v) => {
        const targets = v.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(', ');
        return `axe ${v.impact} ${v.id}: ${v.help} — ${targets}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ''}`;
      });
  }

  private async structureProblems(): Promise<string[]> {
    const problems: string[] = [];
    const h1s = await this.page.locator('h1').count();
    if (h1s !== 1) problems.push(`has ${h1s} h1 elements, wants exactly one`);
    const title = await this.page.title();
    if (!MEANINGFUL_TITLE.test(title)) problems.push(`title "${title}" does not name the page ("<page> · AnswerBase")`);
    return problems;
  }

  private async overflowProblems(viewport: Viewport): Promise<string[]> {
    const layout = await this.page.evaluate(() => {
      const width = window.innerWidth;
      const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
      const wide = [...document.body.querySelectorAll('*')]
        .filter((el) => el.getBoundingClientRect().right > width + 0.5)
        .slice(0, 5)
        .map((el) => `${describe(el)} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`);
      return { width, scrollWidth: document.documentElement.scrollWidth, wide };
    });
    if (layout.width !== viewport.width) return [`window is ${layout.width} px wide, expected ${viewport.width} px`];
    if (layout.scrollWidth <= layout.width) return [];
    return [`the page is ${layout.scrollWidth} px wide in a ${layout.width} px window: ${layout.wide.join(', ')}`];
  }
}
