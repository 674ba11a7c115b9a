import { Ajv } from 'ajv';
import type { FastifySchemaCompiler } from 'fastify';

const strict = new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: false, allErrors: false });
const lenient = new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: false });

/**
 * JSON schema validation for routes. Bodies are JSON and must have the declared types exactly
 * (`"text": 123` is a 400, not the string "123"); query strings and path parameters arrive as
 * text and are coerced ("limit=5" is the number 5).
 */
export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? strict : lenient;
  return ajv.compile(schema) as ReturnType<FastifySchemaCompiler<object>>;
};
