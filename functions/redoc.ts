import { routeNamed } from '../core/api/routes.js';
import { body, httpHandler } from './lib/http.js';
import { redocPage } from './lib/docs-pages.js';

export const handler = httpHandler(routeNamed('redoc'), async () => body(redocPage, 'text/html; charset=utf-8'));
