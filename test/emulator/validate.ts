import { isRecord, validationError } from './http-kit.ts';
import type { Json, JsonRecord } from './http-kit.ts';

/**
 * Body checks that fail the way Metabase's malli validation does: every problem collected, then one
 * 400 `{"errors": {key: "value must be …"}, "specific-errors": …}`.
 */
export class BodyCheck {
  readonly #errors: Record<string, string> = {};
  readonly body: JsonRecord;

  constructor(body: Json | undefined) {
    this.body = isRecord(body) ? body : {};
    if (!isRecord(body)) this.#errors['body'] = 'value must be a map.';
  }

  fail(key: string, message: string): void {
    this.#errors[key] ??= message;
  }

  #check(
    key: string,
    required: boolean,
    nullable: boolean,
    ok: (v: Json) => boolean,
    msg: string,
  ): void {
    const value = this.body[key];
    if (value === undefined) {
      if (required) this.fail(key, msg);
      return;
    }
    if (value === null) {
      if (!nullable) this.fail(key, msg);
      return;
    }
    if (!ok(value)) this.fail(key, msg);
  }

  nonBlank(key: string, opts: { required?: boolean; nullable?: boolean } = {}): this {
    this.#check(
      key,
      opts.required ?? true,
      opts.nullable ?? false,
      (v) => typeof v === 'string' && v.trim() !== '',
      'value must be a non-blank string.',
    );
    return this;
  }

  string(key: string, opts: { required?: boolean; nullable?: boolean } = {}): this {
    this.#check(
      key,
      opts.required ?? false,
      opts.nullable ?? true,
      (v) => typeof v === 'string',
      'value must be a string.',
    );
    return this;
  }

  map(key: string, opts: { required?: boolean; nullable?: boolean } = {}): this {
    this.#check(
      key,
      opts.required ?? true,
      opts.nullable ?? false,
      (v) => isRecord(v),
      'Value must be a map.',
    );
    return this;
  }

  positiveInt(key: string, opts: { required?: boolean; nullable?: boolean } = {}): this {
    this.#check(
      key,
      opts.required ?? false,
      opts.nullable ?? true,
      (v) => typeof v === 'number' && Number.isInteger(v) && v > 0,
      'value must be an integer greater than zero.',
    );
    return this;
  }

  boolean(key: string, opts: { required?: boolean; nullable?: boolean } = {}): this {
    this.#check(
      key,
      opts.required ?? false,
      opts.nullable ?? true,
      (v) => typeof v === 'boolean',
      'value must be a boolean.',
    );
    return this;
  }

  array(
    key: string,
    opts: { required?: boolean; nullable?: boolean; nonEmpty?: boolean } = {},
  ): this {
    this.#check(
      key,
      opts.required ?? false,
      opts.nullable ?? true,
      (v) => Array.isArray(v) && (!opts.nonEmpty || v.length > 0),
      opts.nonEmpty ? 'value must be a non-empty sequence.' : 'value must be a sequence.',
    );
    return this;
  }

  oneOf(
    key: string,
    values: readonly string[],
    opts: { required?: boolean; nullable?: boolean } = {},
  ): this {
    this.#check(
      key,
      opts.required ?? false,
      opts.nullable ?? true,
      (v) => typeof v === 'string' && values.includes(v),
      `value must be one of: ${values.map((x) => `\`${x}\``).join(', ')}.`,
    );
    return this;
  }

  done(): JsonRecord {
    if (Object.keys(this.#errors).length > 0) throw validationError(this.#errors);
    return this.body;
  }
}
