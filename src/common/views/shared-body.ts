import { randomBytes } from 'node:crypto';

/**
 * A page's body (its view without the layout) rendered once and shown to many readers: the layout
 * around it (navigation, the member's name, a flash) is rendered for each reader. Form tokens in a
 * shared body are a slot, filled with each reader's own token as the page goes out.
 *
 * A view model asks for either with one field: `[SHOW_BODY]` renders the layout around a body
 * rendered before; `[KEEP_BODY]` renders the view for everyone and hands the body over.
 */
export const SHOW_BODY = '__showBody';
export const KEEP_BODY = '__keepBody';

/** What the layout reads from a page's own view model (the rest of the layout is per reader). */
export const LAYOUT_FIELDS = ['title', 'description', 'canonical', 'structuredData'] as const;

export interface RenderedBody {
  html: string;
  layout: Record<string, unknown>;
}

/** Where a shared body's form tokens go: unguessable, so no text a member writes can hold it. */
const FORM_TOKEN_SLOT = `form-token-${randomBytes(16).toString('hex')}`;

type Done = (error: Error | null, html?: string) => void;
type Engine = (file: string, options: Record<string, unknown>, done: Done) => void;

/** Wraps a view engine so that view models may share bodies (see above). */
export function sharingBodies(render: Engine, layoutFile: string): Engine {
  return (file, options, done) => {
    const shown = options[SHOW_BODY] as RenderedBody | undefined;
    const keep = options[KEEP_BODY] as ((body: RenderedBody) => void) | undefined;
    if (!shown && !keep) return render(file, options, done);
    const inLayout = (body: RenderedBody) =>
      render(layoutFile, { ...options, ...body.layout, body: body.html.replaceAll(FORM_TOKEN_SLOT, String(options.csrfToken ?? '')), layout: false }, done);
    if (shown) return inLayout(shown);
    render(file, { ...options, csrfToken: FORM_TOKEN_SLOT, layout: false }, (error, html) => {
      if (error) return done(error);
      const body = { html: html!, layout: Object.fromEntries(LAYOUT_FIELDS.map((field) => [field, options[field]])) };
      keep!(body);
      inLayout(body);
    });
  };
}
