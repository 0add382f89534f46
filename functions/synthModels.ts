import { routeNamed } from '../core/api/routes.js';
import { describeGenerators } from '../core/synth/registry.js';
import { httpHandler, ok } from './lib/http.js';

export const handler = httpHandler(routeNamed('synthModels'), async () => ok({ generators: describeGenerators() }));
