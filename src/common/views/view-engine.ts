import hbs from 'hbs';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AssetManifest } from './assets.js';
import { sharingBodies } from './shared-body.js';

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** "3 hours ago" for an ISO time. */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  for (const [unit, size] of RELATIVE_UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

const DATE_TIME = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC', hourCycle: 'h23' });

/** "2 Dec 2026, 18:07 UTC" for an ISO time: an exact moment people read at a glance. */
export function dateTime(iso: string): string {
  return `${DATE_TIME.format(new Date(iso))} UTC`;
}

/** Handlebars with layouts, partials and the few named helpers the views may use. */
export function configureViews(app: NestExpressApplication, rootDir: string, assets: AssetManifest): void {
  const viewsDir = join(rootDir, 'views');
  const instance = hbs.create();
  // Registered synchronously: hbs's own registerPartials is asynchronous and can lose a race with the first request.
  const partialsDir = join(viewsDir, 'partials');
  for (const file of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs'))) {
    instance.registerPartial(file.slice(0, -4), readFileSync(join(partialsDir, file), 'utf8'));
  }
  instance.registerHelper('asset', (name: string) => assets.url(name));
  instance.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  instance.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).join(''));
  instance.registerHelper('timeAgo', (iso: string) => timeAgo(iso));
  instance.registerHelper('dateTime', (iso: string) => dateTime(iso));
  instance.registerHelper('isoDate', (iso: string) => iso);
  instance.registerHelper('plural', (count: number, singular: string, plural: string) => (count === 1 ? singular : plural));
  instance.registerHelper('json', (value: unknown) =>
    // For <script type="application/ld+json">: no "</script>" can close the element early.
    new hbs.handlebars.SafeString(JSON.stringify(value).replace(/</g, '\\u003c')),
  );

  app.engine('hbs', sharingBodies(instance.__express, join(viewsDir, 'layouts', 'main.hbs')));
  app.setViewEngine('hbs');
  app.setBaseViewsDir(viewsDir);
  app.set('view options', { layout: 'layouts/main' });
}
