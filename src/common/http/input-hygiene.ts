import { Injectable, type ArgumentMetadata, type NestMiddleware, type PipeTransform } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import type { NextFunction, Request, Response } from 'express';
import { DomainError, NotFoundError, ValidationFailedError } from '../errors/domain-errors.js';

/**
 * The one input-hygiene layer, in front of validation (DESIGN.md "Identity and safety"):
 * whatever reaches class-transformer, class-validator and PostgreSQL is text PostgreSQL can store
 * (no NUL, no lone UTF-16 surrogate), JSON of a bounded shape, and integers that fit the int4
 * columns they are compared with. Each rule is enforced here once, for every route.
 */

export const INT4_MIN = -2_147_483_648;
export const INT4_MAX = 2_147_483_647;
/** Deeper than any form or API body of ours; deep enough nesting overflows class-transformer's stack. */
export const MAX_JSON_DEPTH = 20;
/** Keys in one JSON body, all objects together. */
export const MAX_JSON_KEYS = 1_000;

export class BadInputError extends DomainError {
  readonly status = 400;
  readonly error = 'Bad Request';
}

/** A lone surrogate: one half of a UTF-16 pair without the other (paired halves are one code point under /u). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/** What is wrong with a string PostgreSQL would be asked to store or compare, if anything. */
export function textProblem(value: string): string | undefined {
  if (value.includes('\u0000')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(value)) return 'is not well-formed Unicode';
  return undefined;
}

/**
 * body-parser's `verify` hook: runs on the raw JSON bytes before JSON.parse, so an absurdly deep
 * or key-stuffed body is refused before anything walks it recursively.
 */
export function verifyJsonShape(_req: unknown, _res: unknown, buf: Buffer): void {
  let depth = 0;
  let keys = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const byte = buf[i];
    if (inString) {
      if (byte === 0x5c) i++; // backslash: skip the escaped byte
      else if (byte === 0x22) inString = false;
      continue;
    }
    if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) throw shapeError(`The request body is nested more than ${MAX_JSON_DEPTH} levels deep.`);
    } else if (byte === 0x7d || byte === 0x5d) depth--;
    else if (byte === 0x3a && ++keys > MAX_JSON_KEYS) throw shapeError(`The request body has more than ${MAX_JSON_KEYS} fields.`);
  }
}

function shapeError(message: string): Error {
  // body-parser keeps `type` and turns a verify failure into a 4xx; the status is set to 400 in the filter.
  return Object.assign(new Error(message), { type: 'entity.shape', expose: true });
}

/**
 * Field names that shadow what every object inherits (`toString`, `valueOf`, `__proto__` …): no form
 * or API body of ours has one, and a value under such a name breaks the number conversion of DTOs
 * (`{"page": {"toString": []}}` cannot be turned into a number, and threw a 500).
 */
const INHERITED_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** What is wrong with each bad string (or field name) in a parsed body or query, with the field path it sits at (`tags.2`, `answer.body`). */
function* problemsIn(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) yield [path, problem];
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* problemsIn(value[i], path ? `${path}.${i}` : String(i));
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const keyProblem = textProblem(key) ?? (INHERITED_NAMES.has(key) ? `is a reserved name (${key})` : undefined);
      if (keyProblem) yield [path ? `${path}.(field name)` : '(field name)', keyProblem];
      yield* problemsIn(child, path ? `${path}.${key}` : key);
    }
  }
}

function assertCleanText(value: unknown, where: string): void {
  for (const [field, problem] of problemsIn(value, '')) {
    throw new ValidationFailedError({ [field || where]: [`${field || where} ${problem}.`] });
  }
}

/**
 * Runs after the body is parsed and before routing reaches a guard, pipe or handler: the address,
 * the query string and the body hold only text PostgreSQL can take.
 */
@Injectable()
export class InputHygieneMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    const rawPath = req.originalUrl.split('?', 1)[0]!;
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      throw new BadInputError('The address is not valid: it holds a broken %-escape or text that is not UTF-8.');
    }
    // No page lives at an address with a NUL in it: like an id out of range, that is a 404.
    if (textProblem(path)) throw new NotFoundError('There is nothing at this address.');
    assertCleanText(req.query, 'query');
    assertCleanText(req.body, 'body');
    next();
  }
}

/** Names of the properties a DTO validates as integers (@IsInt), inherited ones included. */
const integerFieldsCache = new Map<object, Set<string>>();
function integerFields(dto: unknown): Set<string> {
  if (typeof dto !== 'function') return new Set();
  let fields = integerFieldsCache.get(dto);
  if (!fields) {
    const metadatas = getMetadataStorage().getTargetValidationMetadatas(dto as new () => object, '', true, false);
    fields = new Set(metadatas.filter((m) => m.name === 'isInt').map((m) => m.propertyName));
    integerFieldsCache.set(dto, fields);
  }
  return fields;
}

const isIdName = (name: string | undefined) => !!name && /(^id|Id)$/.test(name);

/**
 * True when a raw value (text from the address or query, or a JSON number) reads as a number that
 * no int4 column holds (`2147483648`, `1e20`, `Infinity`). Text that is no number at all is left
 * to the route's own rules (ParseIntPipe, @IsInt), which say so in their words.
 */
function outOfInt4(value: unknown): boolean {
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string' && value.trim() !== '') number = Number(value.trim());
  else return false;
  if (Number.isNaN(number)) return false;
  return !Number.isFinite(number) || number > INT4_MAX || number < INT4_MIN;
}

/**
 * Global pipe, the first to see every handler argument: integers bound for int4 columns (`:id`,
 * `?page=`, a DTO's @IsInt fields) fit them. An address whose id cannot exist is a 404; a query or
 * body value out of range is a 400 naming the field. Later pipes (ParseIntPipe, validation) then
 * apply each route's own rules to values that are at least storable.
 */
@Injectable()
export class IntegerRangePipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom' || value === undefined || value === null) return value;
    if (metadata.metatype === Number) {
      if (outOfInt4(value)) this.refuse(metadata.type, metadata.data ?? 'value');
      return value;
    }
    if (typeof value !== 'object' || Array.isArray(value)) return value;
    const fields = integerFields(metadata.metatype);
    for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
      if (raw === undefined || raw === null || raw === '') continue;
      const checked = fields.has(key) || (metadata.type === 'param' && isIdName(key));
      if (checked && outOfInt4(raw)) this.refuse(metadata.type, key);
    }
    return value;
  }

  private refuse(type: ArgumentMetadata['type'], field: string): never {
    if (type === 'param') throw new NotFoundError('There is nothing at this address.');
    throw new ValidationFailedError({ [field]: [`${field} must be a whole number from ${INT4_MIN} to ${INT4_MAX}.`] });
  }
}
