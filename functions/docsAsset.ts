import { routeNamed } from '../core/api/routes.js';
import { body, httpHandler } from './lib/http.js';
import { docsAsset } from './lib/docs-pages.js';

export const handler = httpHandler(routeNamed('docsAsset'), async ({ params }) => {
  const asset = await docsAsset(params.asset);
  return body(asset.bytes, asset.type, { 'cache-control': 'public, max-age=86400' });
});
