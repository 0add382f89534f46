/** The documentation pages and their assets, from the swagger-ui-dist and redoc npm packages (no CDN). */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { notFound } from '../../core/errors.js';

const require = createRequire(import.meta.url);

const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'swagger-ui.css': { pkg: 'swagger-ui-dist', file: 'swagger-ui.css', type: 'text/css' },
  'swagger-ui-bundle.js': { pkg: 'swagger-ui-dist', file: 'swagger-ui-bundle.js', type: 'text/javascript' },
  'redoc.standalone.js': { pkg: 'redoc', file: 'bundles/redoc.standalone.js', type: 'text/javascript' },
};

/** A package's folder, also for packages whose `exports` hide package.json. */
function packageRoot(pkg: string): string {
  const entry = require.resolve(pkg);
  const marker = `/node_modules/${pkg}/`;
  const at = entry.lastIndexOf(marker);
  return at >= 0 ? entry.slice(0, at + marker.length) : dirname(require.resolve(`${pkg}/package.json`));
}

export async function docsAsset(name: string): Promise<{ bytes: Buffer; type: string }> {
  const asset = ASSETS[name];
  if (!asset) throw notFound(`No documentation asset ${name}.`);
  return { bytes: await readFile(join(packageRoot(asset.pkg), asset.file)), type: asset.type };
}

export const swaggerPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tabmimic API — Swagger UI</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="docs/assets/swagger-ui.css"></head>
<body><div id="swagger"></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script>window.ui = SwaggerUIBundle({ url: 'openapi.json', dom_id: '#swagger' });</script>
</body></html>`;

export const redocPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tabmimic API — ReDoc</title><link rel="icon" href="data:,"></head>
<body><redoc spec-url="openapi.json"></redoc>
<script src="docs/assets/redoc.standalone.js"></script>
</body></html>`;

let vega: Promise<string> | undefined;

/** Vega, Vega-Lite and vega-embed builds from their npm packages, to inline in HTML reports. */
export function vegaScripts(): Promise<string> {
  vega ??= Promise.all(
    [
      ['vega', 'build/vega.min.js'],
      ['vega-lite', 'build/vega-lite.min.js'],
      ['vega-embed', 'build/vega-embed.min.js'],
    ].map(async ([pkg, file]) => readFile(join(packageRoot(pkg!), file!), 'utf8')),
  ).then((parts) => parts.join('\n;\n').replace(/<\/script/gi, '<\\/script'));
  return vega;
}
