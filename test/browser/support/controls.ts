/// <reference lib="dom" />
// DOM types for the functions that run inside the page.
import type { Locator, Page } from 'playwright-core';

/** What a screen reader reads after a control's name: the texts its aria-describedby points to. */
export async function accessibleDescription(control: Locator): Promise<string> {
  return control.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? `(missing #${id})`)
      .join(' '),
  );
}

/** True when the element has focus. */
export function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === document.activeElement);
}

/**
 * Presses Tab until `target` has focus, as a keyboard user moves through the page, and checks
 * that every element passed on the way shows where the focus is. Fails if Tab never gets there.
 */
export async function tabTo(page: Page, target: Locator, limit = 40): Promise<void> {
  for (let presses = 0; presses < limit; presses++) {
    await page.keyboard.press('Tab');
    await expectVisibleFocus(page);
    if (await isFocused(target)) return;
  }
  throw new Error(`${limit} presses of Tab never reached ${target}`);
}

/** The focused element is on screen and drawn with a focus ring (an outline or a box shadow). */
export async function expectVisibleFocus(page: Page): Promise<void> {
  const focus = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { ok: false, what: 'nothing' };
    const style = getComputedStyle(el);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
    const box = el.getBoundingClientRect();
    const onScreen = box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0 && box.left < window.innerWidth && box.top < window.innerHeight;
    return { ok: ring && onScreen, what: `${el.outerHTML.slice(0, 120)} (focus ring: ${ring}, on screen: ${onScreen})` };
  });
  if (!focus.ok) throw new Error(`The focus is not visible on ${focus.what}`);
}

/**
 * The main navigation, ready to use: on a phone its links sit in a closed <details> menu, which
 * this opens first (by its summary, as a person would); on a desktop they are in the bar.
 */
export async function mainMenu(page: Page): Promise<Locator> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  const summary = nav.locator('details.nav-menu > summary');
  if ((await summary.isVisible()) && (await nav.locator('details.nav-menu[open]').count()) === 0) await summary.click();
  return nav;
}
