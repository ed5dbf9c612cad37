/**
 * Domain errors carry a code and an HTTP status; one filter turns them into a page or a JSON body.
 * `field` names the form field a message belongs to, so a page can show it beside the input.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly error: string;
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly error = 'Not Found';
}

export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  readonly error = 'Unauthorized';
  constructor(message = 'Please log in to continue.', field?: string) {
    super(message, field);
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly error = 'Forbidden';
}

export class PrivilegeRequiredError extends ForbiddenError {}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly error = 'Conflict';
}

export class InvalidStateError extends DomainError {
  readonly status = 422;
  readonly error = 'Unprocessable Entity';
}

export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly error = 'Too Many Requests';
}

/** Every invalid field at once: `fields` maps a field name to its messages. */
export class ValidationFailedError extends DomainError {
  readonly status = 400;
  readonly error = 'Bad Request';
  constructor(readonly fields: Record<string, string[]>) {
    super(Object.values(fields).flat().join(' '));
  }

  get messages(): string[] {
    return Object.values(this.fields).flat();
  }
}
