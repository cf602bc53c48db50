import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AllExceptionsFilter, NUL_MESSAGE } from './common/exception.filter';
import { requestContextMiddleware } from './common/request-context';
import { createValidationPipe } from './common/validation';
import type { AppConfig } from './config/app-config';
import { buildOpenApiDocument, sortDeep } from './openapi';

const NOT_SPA = /^\/(api|docs|health)(\/|$|-)/;

/** PostgreSQL text cannot hold NUL; refuse it while parsing so it never reaches a query (400). */
function refuseNul(_key: string, value: unknown): unknown {
  if (typeof value === 'string' && value.includes('\u0000')) throw new SyntaxError(NUL_MESSAGE);
  return value;
}

/** Everything that makes the HTTP app what it is; shared by main.ts, the tests and the contract writer. */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.use(requestContextMiddleware);
  app.useBodyParser('json', { limit: config.http.bodyLimit, reviver: refuseNul });
  app.useBodyParser('urlencoded', { limit: config.http.bodyLimit, extended: false });
  app.set('trust proxy', 'loopback');
  app.set('query parser', 'simple');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", "'unsafe-inline'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          // Served over plain http on localhost in development; TLS is terminated by the proxy in production.
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  app.enableCors(config.http.corsOrigins.length ? { origin: config.http.corsOrigins, credentials: false } : { origin: false });
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, () => sortDeep(document) as typeof document, {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'Customer Service API',
  });

  const webDist = config.http.webDistDir;
  if (webDist && existsSync(join(webDist, 'index.html'))) {
    app.useStaticAssets(webDist, { index: false, maxAge: '1h', immutable: false });
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (req.method !== 'GET' || NOT_SPA.test(req.path)) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(join(webDist, 'index.html'));
    });
  }
}

export async function createApp(config: AppConfig, databaseUrl: string): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bodyParser: false,
    bufferLogs: true,
  });
  configureApp(app, config);
  return app;
}

export type { INestApplication };
