import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export const API_TITLE = 'Customer Service Department API';

/** Sorts object keys recursively so the written document is byte-for-byte stable. */
export function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortDeep((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(API_TITLE)
    .setDescription(
      'REST API of the customer service department system (客户服务部): complaints and inquiries with tiered SLA escalation, ' +
        'customer archives, surveys, appraisal and rotation. Users sign in at /api/v1/auth/login and send ' +
        '`Authorization: Bearer <token>`; third-party systems send `X-Api-Key`. Errors share one shape: ' +
        '`{statusCode, error, code, message, rule?, details?, requestId}`. Lists use cursor pagination: `{items, nextCursor}`.',
    )
    .setVersion('1.0.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'apiKey')
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controllerKey: string, methodKey: string) => methodKey,
  });
}

export function serializeOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(sortDeep(document), null, 2)}\n`;
}
