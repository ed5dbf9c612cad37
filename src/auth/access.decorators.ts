import { applyDecorators, SetMetadata } from '@nestjs/common';
import type { Role } from '../users/role.js';

export const SIGNED_IN = 'access:signed-in';
export const ROLES_ALLOWED = 'access:roles';
export const FORM_VIEW = 'forms:view';
export const PUBLIC_FORM = 'forms:public';

/** The route needs a signed-in member (a session on pages, a token under /api). */
export const SignedIn = () => SetMetadata(SIGNED_IN, true);

/** The route needs one of these roles; administrators pass every role check. */
export const Roles = (...roles: Role[]) => applyDecorators(SignedIn(), SetMetadata(ROLES_ALLOWED, roles));

/**
 * The page renders (or re-renders, on bad input) this form view: it gets a CSRF token,
 * and validation or domain errors come back as field messages beside the member's input.
 */
export const FormView = (view: string) => SetMetadata(FORM_VIEW, view);

/**
 * The page (not itself a form page) shows a small form to anonymous readers too, such as
 * "Was this helpful?": it gets a CSRF token, and with it a session.
 */
export const PublicForm = () => SetMetadata(PUBLIC_FORM, true);

export const WHILE_SUSPENDED = 'access:while-suspended';

/** A write a suspended member may still make (signing out); every other write is refused them. */
export const AllowedWhileSuspended = () => SetMetadata(WHILE_SUSPENDED, true);

export const CSRF_EXEMPT = 'forms:csrf-exempt';

/**
 * The write carries its own proof instead of a session's token (a signed one-click unsubscribe
 * link, posted by a mail client without cookies, RFC 8058). Use only where the URL authenticates.
 */
export const CsrfExempt = () => SetMetadata(CSRF_EXEMPT, true);
