/** Builds the OpenAPI 3.1 document from the route table: the docs can't drift from the routes. */
import { z } from 'zod';
import type { RouteDef } from './route.js';

type JsonSchema = Record<string, unknown>;

/** Named schemas (zod `.meta({id})`) gathered from every route, for `components.schemas`. */
type Components = Record<string, JsonSchema>;

/** JSON Schema of a zod schema, its local `$defs` moved into the shared components so `$ref`s resolve from the document root. */
function toSchemaIn(components: Components) {
  return (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
    const { $schema: _drop, $defs, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema & {
      $defs?: Record<string, JsonSchema>;
    };
    const rewrite = (value: JsonSchema): JsonSchema => JSON.parse(JSON.stringify(value).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
    for (const [name, def] of Object.entries($defs ?? {})) components[name] = rewrite(def);
    return rewrite(rest);
  };
}

function parameters(route: RouteDef, toSchema: ReturnType<typeof toSchemaIn>): JsonSchema[] {
  const out: JsonSchema[] = [];
  const add = (where: 'path' | 'query', obj: z.ZodObject | undefined) => {
    if (!obj) return;
    for (const [name, field] of Object.entries(obj.shape as Record<string, z.ZodType>)) {
      const schema = toSchema(field, 'input');
      out.push({
        name,
        in: where,
        required: where === 'path' || !field.safeParse(undefined).success,
        schema,
        ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
      });
    }
  };
  add('path', route.params);
  add('query', route.query);
  return out;
}

function requestBody(route: RouteDef, toSchema: ReturnType<typeof toSchemaIn>): JsonSchema | undefined {
  const content: Record<string, JsonSchema> = {};
  if (route.body) content['application/json'] = { schema: toSchema(route.body, 'input') };
  for (const ct of route.rawBody ?? []) {
    content[ct] =
      ct === 'multipart/form-data'
        ? { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } }
        : { schema: { type: 'string', format: 'binary' } };
  }
  return Object.keys(content).length ? { required: true, content } : undefined;
}

export function openApiDocument(routes: readonly RouteDef[], info: { title: string; version: string; description: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const components: Components = {};
  const toSchema = toSchemaIn(components);
  for (const route of routes) {
    const responses: Record<string, JsonSchema> = {};
    for (const [status, res] of Object.entries(route.responses)) {
      const contentType = res.contentType ?? 'application/json';
      responses[status] = {
        description: res.description,
        ...(res.schema
          ? { content: { [contentType]: { schema: toSchema(res.schema, 'output') } } }
          : res.contentType
            ? { content: { [contentType]: {} } }
            : {}),
      };
    }
    const body = requestBody(route, toSchema);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId: route.name,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [route.tag],
      parameters: parameters(route, toSchema),
      ...(body ? { requestBody: body } : {}),
      responses,
    };
  }
  return { openapi: '3.1.0', info, paths, components: { schemas: components } };
}
