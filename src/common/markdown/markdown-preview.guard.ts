import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { renderMarkdown } from './markdown.js';

/** The value of a Markdown form's "Preview" button (`name="intent"`). */
export const PREVIEW_INTENT = 'preview';
/** Longer than any post or article may be; a preview of more shows the start. */
const MAX_PREVIEW_CHARACTERS = 50_000;

/** Thrown to show a form again as typed, with its Markdown rendered below the editor. */
export class PreviewRequested extends Error {
  constructor(readonly html: string) {
    super('preview');
  }
}

/**
 * Global, after the CSRF guard: a form page's "Preview" button posts the form to its own action;
 * instead of saving, the same form comes back with the member's input and `body` rendered through
 * the one Markdown renderer and sanitiser posts use. Nothing is validated or written, so a draft
 * too short to post can still be previewed.
 */
@Injectable()
export class MarkdownPreviewGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const body = req.body as Record<string, unknown> | undefined;
    if (req.method !== 'POST' || !res.locals.formView || body?.intent !== PREVIEW_INTENT) return true;
    const source = typeof body.body === 'string' ? body.body.slice(0, MAX_PREVIEW_CHARACTERS) : '';
    throw new PreviewRequested(renderMarkdown(source));
  }
}
