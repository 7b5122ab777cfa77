import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { sharedDir } from '../support/shared.ts';

/**
 * The official Metabase OpenAPI subset (../shared/metabase/openapi.json) as validators: one per
 * operation for the request body, query parameters and responses. `$ref`s to components are
 * resolved by registering the components under the document's id; stubbed schemas (`{}`) accept
 * anything, as they do in the spec.
 */

type JsonSchema = Record<string, unknown>;

interface Operation {
  readonly method: string;
  readonly template: string;
  readonly regex: RegExp;
  readonly body: ValidateFunction | null;
  readonly bodyRequired: boolean;
  readonly queryParams: ReadonlyMap<string, ValidateFunction>;
  readonly responses: ReadonlyMap<string, ValidateFunction>;
}

export interface ContractProblem {
  readonly where: string;
  readonly message: string;
}

const docId = 'https://metabase.example/openapi.json';

/**
 * Makes refs absolute (components live under `docId`) and reads `oneOf` as `anyOf`: Metabase
 * generates `oneOf` from malli `:or`, which means "the first that matches", and several branches
 * are `{}` (e.g. `parameter.dimension`), so a strict oneOf would reject every value.
 */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const target = key === 'oneOf' ? 'anyOf' : key;
    out[target] =
      key === '$ref' && typeof inner === 'string' && inner.startsWith('#/')
        ? `${docId}${inner}`
        : rewriteRefs(inner);
  }
  return out;
}

export class OpenApiContract {
  readonly #operations: Operation[] = [];
  readonly #ajv: Ajv2020;
  readonly schemaCount: { requestBodies: number; responses: number };

  constructor(file = path.join(sharedDir, 'metabase', 'openapi.json')) {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as {
      paths: Record<string, Record<string, JsonSchema>>;
      components: JsonSchema;
    };
    this.#ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
    addFormats(this.#ajv);
    this.#ajv.addSchema({ $id: docId, components: rewriteRefs(doc.components) } as JsonSchema);
    let requestBodies = 0;
    let responses = 0;
    for (const [template, item] of Object.entries(doc.paths)) {
      const pattern = template.replace(/\/+$/, '').replace(/\{[^}]+\}/g, '[^/]+');
      const regex = new RegExp(`^${pattern}/?$`);
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'delete'].includes(method)) continue;
        const requestBody = op['requestBody'] as
          { required?: boolean; content?: Record<string, { schema?: JsonSchema }> } | undefined;
        const bodySchema = requestBody?.content?.['application/json']?.schema;
        if (bodySchema) requestBodies += 1;
        const queryParams = new Map<string, ValidateFunction>();
        for (const param of (op['parameters'] as
          { in: string; name: string; schema?: JsonSchema }[] | undefined) ?? []) {
          if (param.in === 'query')
            queryParams.set(
              param.name,
              this.#ajv.compile(rewriteRefs(param.schema ?? {}) as JsonSchema),
            );
        }
        const responseValidators = new Map<string, ValidateFunction>();
        for (const [status, response] of Object.entries(
          (op['responses'] as Record<string, JsonSchema> | undefined) ?? {},
        )) {
          const schema = (
            response['content'] as Record<string, { schema?: JsonSchema }> | undefined
          )?.['application/json']?.schema;
          if (schema) {
            responses += 1;
            responseValidators.set(status, this.#ajv.compile(rewriteRefs(schema) as JsonSchema));
          }
        }
        this.#operations.push({
          method: method.toUpperCase(),
          template,
          regex,
          body: bodySchema ? this.#ajv.compile(rewriteRefs(bodySchema) as JsonSchema) : null,
          bodyRequired: requestBody?.required === true,
          queryParams,
          responses: responseValidators,
        });
      }
    }
    this.schemaCount = { requestBodies, responses };
  }

  /** A validator for one component schema, e.g. `metabase.parameters.schema.parameters`. */
  component(name: string): ValidateFunction {
    return this.#ajv.compile({ $ref: `${docId}#/components/schemas/${name}` });
  }

  operation(method: string, urlPath: string): Operation | undefined {
    // Literal segments beat placeholders (`/api/collection/graph` before `/api/collection/{id}`).
    const matches = this.#operations.filter((o) => o.method === method && o.regex.test(urlPath));
    const placeholders = (o: Operation) => o.template.split('{').length;
    return matches.sort((a, b) => placeholders(a) - placeholders(b))[0];
  }

  /** Problems with one exchange: unknown operation, body or query not matching the spec. */
  check(
    method: string,
    urlPath: string,
    query: string,
    body: unknown,
    status: number | null,
    responseBody: unknown,
  ): ContractProblem[] {
    const where = `${method} ${urlPath}${query}`;
    const op = this.operation(method, urlPath);
    if (op === undefined) return [{ where, message: 'operation not in the official spec subset' }];
    const problems: ContractProblem[] = [];
    if (body !== undefined && op.body !== null && !op.body(body)) {
      problems.push({ where, message: `request body: ${this.#ajv.errorsText(op.body.errors)}` });
    }
    if (body === undefined && op.body !== null && op.bodyRequired) {
      problems.push({ where, message: 'request body missing' });
    }
    for (const [name, raw] of new URLSearchParams(query)) {
      const validate = op.queryParams.get(name);
      if (validate === undefined) {
        problems.push({ where, message: `query parameter ${name} is not in the spec` });
        continue;
      }
      const value =
        raw === 'true' ? true : raw === 'false' ? false : /^\d+$/.test(raw) ? Number(raw) : raw;
      if (!validate(value))
        problems.push({
          where,
          message: `query ${name}: ${this.#ajv.errorsText(validate.errors)}`,
        });
    }
    if (status !== null) {
      const key = `${String(status).charAt(0)}XX`;
      const validate = op.responses.get(String(status)) ?? op.responses.get(key);
      if (validate !== undefined && !validate(responseBody)) {
        problems.push({
          where,
          message: `response ${status}: ${this.#ajv.errorsText(validate.errors)}`,
        });
      }
    }
    return problems;
  }
}
