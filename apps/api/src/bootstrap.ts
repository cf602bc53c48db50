import { existsSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { Express, NextFunction, Request, Response } from 'express';
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

/**
 * Express moves every request and response onto its own prototypes (`Object.setPrototypeOf(req,
 * app.request)`) after Node has built them. On Node 20's V8 each property set on such an object
 * afterwards (Express's, the body, the actor, pino-http's loggers — about 30 per request) makes a new,
 * uncached hidden class in the old generation: under intake load a mark-compact every ≈ 3 s, whose
 * marking stalls requests for 100–300 ms on two cores. Here Node's server builds them on those
 * prototypes from the start, so Express's `setPrototypeOf` finds them already there and changes
 * nothing. Same objects, same prototype chain (docs/decisions/performance.md).
 */
export class PrototypedExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    if (options.httpsOptions || options.return503OnClosing || options.forceCloseConnections) {
      super.initHttpServer(options);
      return;
    }
    const app = this.getInstance<Express>();
    // Node's constructors are plain functions: they initialise an object made on the right prototype.
    const initRequest = IncomingMessage as unknown as (this: IncomingMessage, socket: Socket) => void;
    const initResponse = ServerResponse as unknown as (this: ServerResponse, req: IncomingMessage, options?: object) => void;
    function AppRequest(socket: Socket): IncomingMessage {
      const req = Object.create(app.request) as IncomingMessage;
      initRequest.call(req, socket);
      return req;
    }
    function AppResponse(req: IncomingMessage, responseOptions?: object): ServerResponse {
      const res = Object.create(app.response) as ServerResponse;
      initResponse.call(res, req, responseOptions);
      return res;
    }
    this.httpServer = createServer(
      {
        IncomingMessage: AppRequest as unknown as typeof IncomingMessage,
        ServerResponse: AppResponse as unknown as typeof ServerResponse,
      },
      app,
    );
  }
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
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), new PrototypedExpressAdapter(), {
    bodyParser: false,
    bufferLogs: true,
  });
  configureApp(app, config);
  // Idle keep-alive connections stay open longer than a load balancer's or a client pool's own idle
  // limit (60 s is common): with Node's 5 s default the server closed pooled connections that a
  // client was just reusing, and that request failed with ECONNRESET (seen in the benchmark's paced
  // client; behind a proxy it is a sporadic 502).
  const server = app.getHttpServer();
  server.keepAliveTimeout = config.http.keepAliveTimeoutMs;
  server.headersTimeout = config.http.keepAliveTimeoutMs + 1_000;
  return app;
}

export type { INestApplication };
