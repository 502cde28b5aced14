/**
 * `/docs`: Swagger UI over the served OpenAPI document, an explorer that can send requests (paste a
 * token under "Authorize"). Its files come from the `swagger-ui-dist` package and are served from here,
 * never from a CDN (a county's network may be closed), under the API's own security headers: the
 * page loads only same-origin scripts, so its start-up is a file too, not an inline script.
 */
import path from 'node:path';
import express, { type Express } from 'express';

/** Where the package's files are (what its `getAbsoluteFSPath()` returns, without needing its types). */
const ASSETS = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>调解案件引擎 API · Mediation case engine API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
  tryItOutEnabled: false,
  validatorUrl: null,
});
`;

export function mountDocs(app: Express): void {
  app.use('/docs/assets', express.static(ASSETS, { index: false, maxAge: '1d' }));
  app.use('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  app.get('/docs', (_req, res) => {
    res.type('html').send(PAGE);
  });
}
