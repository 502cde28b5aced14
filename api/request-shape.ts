/**
 * Refusals about the shape of a request rather than its content, each with the status HTTP has for it:
 * a body that is not JSON (415, instead of a schema error about an absent object) and a method the path
 * does not have (405 with `Allow`, instead of 404). Which methods a path has comes from the served
 * OpenAPI document, the one list of the routes.
 */
import type { RequestHandler } from 'express';
import { AppError } from './errors';

const JSON_TYPES = ['application/json', 'application/*+json'];

/** A request with a body must say it is JSON: 415 names what was sent and what to send. */
export function requireJsonBody(): RequestHandler {
  return (req, _res, next) => {
    const length = req.headers['content-length'];
    const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
    if (!hasBody || req.is(JSON_TYPES)) return next();
    const sent = req.headers['content-type'];
    next(
      new AppError(
        'unsupported_media_type',
        sent
          ? `the body is ${sent.split(';')[0]}; send it as JSON with Content-Type: application/json`
          : 'the body has no Content-Type; send it as JSON with Content-Type: application/json',
      ),
    );
  };
}

/** `/api/v1/cases/{id}` → a pattern for one path segment per parameter. */
function templatePattern(template: string): RegExp {
  const escaped = template
    .split(/\{[^}]+\}/)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${escaped}/?$`);
}

/** `OPTIONS` on a path the API serves: 204 with every method of that path in `Allow` (Express would answer
 * from the first router that knows the path, listing only its own methods). The codec answers its own,
 * with CORS headers. */
export function answerOptions(paths: Record<string, object>): RequestHandler {
  const routes = routeMethods(paths);
  return (req, res, next) => {
    if (req.method !== 'OPTIONS' || req.path.startsWith('/codec/')) return next();
    const route = routes.find((r) => r.pattern.test(req.path));
    if (!route) return next();
    res.setHeader('Allow', [...route.methods, 'OPTIONS'].join(', '));
    res.status(204).end();
  };
}

function routeMethods(paths: Record<string, object>): Array<{ pattern: RegExp; methods: string[] }> {
  return Object.entries(paths).map(([template, item]) => {
    const methods = Object.keys(item)
      .filter((m) => ['get', 'put', 'post', 'delete', 'patch'].includes(m))
      .map((m) => m.toUpperCase());
    if (methods.includes('GET')) methods.push('HEAD');
    return { pattern: templatePattern(template), methods };
  });
}

/**
 * For a path the API serves under some other method: 405 with `Allow`. Put after every route, before
 * the 404 fallback; a path no route serves falls through to it.
 */
export function methodNotAllowed(paths: Record<string, object>): RequestHandler {
  const routes = routeMethods(paths);
  return (req, res, next) => {
    const route = routes.find((r) => r.pattern.test(req.path));
    if (!route || route.methods.includes(req.method)) return next();
    res.setHeader('Allow', route.methods.join(', '));
    next(
      new AppError(
        'method_not_allowed',
        `${req.method} is not served here; this path takes ${route.methods.join(', ')}`,
      ),
    );
  };
}
