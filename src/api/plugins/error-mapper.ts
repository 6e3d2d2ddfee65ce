// MamoriError codes → HTTP statuses; body { error: { code, message, details } }. Validation errors from
// zod schemas become 400 E_INPUT_INVALID naming the field.
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isMamoriError, type ErrorCode } from '../../core/errors.js';

const STATUS: Record<ErrorCode, number> = {
  E_CONFIG_INVALID: 500,
  E_INPUT_INVALID: 400,
  E_NOT_FOUND: 404,
  E_CONFLICT: 409,
  E_FEED_FORMAT: 400,
  E_DB: 500,
  E_OPTIONAL_DEP_MISSING: 500,
  E_POLICY_DENIED: 403,
  E_OUT_OF_SCOPE: 403,
  E_ABORTED: 499,
  E_UPSTREAM: 502,
  E_UNAUTHENTICATED: 401,
  E_FORBIDDEN: 403,
};

export const errorMapper = fp(async (app) => {
  app.setErrorHandler((err, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({ path: v.instancePath || '/', message: v.message }));
      return reply.status(400).send({
        error: { code: 'E_INPUT_INVALID', message: `invalid request ${err.validationContext ?? ''}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, details: { issues } },
      });
    }
    if (isMamoriError(err)) {
      return reply.status(STATUS[err.code]).send({
        error: { code: err.code, message: err.message, details: { ...(err.extra.details ?? {}), ...(err.extra.problems ? { problems: err.extra.problems } : {}) } },
      });
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status < 500) {
      return reply.status(status).send({ error: { code: 'E_INPUT_INVALID', message: (err as Error).message, details: {} } });
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'E_INTERNAL', message: 'internal error', details: {} } });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ error: { code: 'E_NOT_FOUND', message: `no route ${req.method} ${req.url}`, details: {} } }));
});
