import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import passport from 'passport';
import { pinoHttp } from 'pino-http';
import { AppModule } from './app.module.js';
import { SessionStore } from './auth/session-store.js';
import { ValidationFailedError } from './common/errors/domain-errors.js';
import { ErrorFilter } from './common/errors/error.filter.js';
import { createLogger, PinoNestLogger } from './common/logging/logger.js';
import { PathIdPipe } from './common/http/path-id.pipe.js';
import { IntegerRangePipe } from './common/http/input-hygiene.js';
import { isApiRequest } from './common/http/request-kind.js';
import { PROJECT_ROOT } from './common/paths.js';
import { PageCache } from './page-cache/page-cache.service.js';
import { AssetManifest } from './common/views/assets.js';
import { configureViews } from './common/views/view-engine.js';
import type { AppConfig } from './config/app-config.js';
import { readRoutingMiddleware } from './database/read-routing.js';
import { UsersPresenter } from './users/users.presenter.js';
import type { User } from './users/entities/user.entity.js';

const SESSION_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/** Builds the whole application; main.ts, the CLI and the tests all start it through here. */
export async function createApp(config: AppConfig, databaseUrl: string): Promise<NestExpressApplication> {
  const logger = createLogger(config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
  });
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');

  // Kept anonymous pages go out before logging, sessions and the router (docs/caching.md).
  app.use(app.get(PageCache).middleware());
  app.use(pinoHttp({ logger, genReqId: (req) => (req.headers['x-request-id'] as string) || randomUUID(), quietReqLogger: true }));
  app.use(securityHeaders());
  const assets = new AssetManifest(join(PROJECT_ROOT, 'public'));
  app.use(assets.router());
  // Browsers ask for /favicon.ico whatever the page links; send them to the icon under its
  // current hashed name (a temporary redirect, kept a day, so a new icon is picked up).
  app.use('/favicon.ico', (_req: Request, res: Response) => {
    res.set('Cache-Control', 'public, max-age=86400');
    res.redirect(302, assets.url('favicon.svg'));
  });

  const sessions = session({
    name: 'ab.sid',
    secret: config.sessionSecret,
    store: app.get(SessionStore).store,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: SESSION_MAX_AGE_MS },
  });
  // Pages use cookie sessions; the API uses bearer tokens only, so it never reads or sets a cookie.
  app.use(forPagesOnly(sessions));
  app.use(forPagesOnly(passport.initialize()));
  app.use(forPagesOnly(passport.session()));
  app.use(forPagesOnly(saveSessionBeforeRedirect));
  app.use(viewLocals);
  // Last before the routes: the routing decision must not pass through the session store's callbacks.
  if (config.replica) app.use(readRoutingMiddleware(config));

  configureViews(app, PROJECT_ROOT, assets);
  app.useGlobalPipes(
    new PathIdPipe(),
    // First: integers bound for int4 columns fit them (an impossible id is a 404), then the DTO rules.
    new IntegerRangePipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: true,
      exceptionFactory: (errors) => new ValidationFailedError(fieldMessages(errors)),
    }),
  );
  app.useGlobalFilters(new ErrorFilter(logger));
  publishApiDocs(app);
  await app.init();
  return app;
}

function securityHeaders(): RequestHandler {
  const strict = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
  // Swagger UI styles itself inline; its page holds no user content.
  const docs = helmet({
    contentSecurityPolicy: { directives: { styleSrc: ["'self'", "'unsafe-inline'"], upgradeInsecureRequests: null } },
  });
  return (req, res, next) => (req.path.startsWith('/api/docs') ? docs : strict)(req, res, next);
}

function forPagesOnly(handler: RequestHandler): RequestHandler {
  return (req, res, next) => (isApiRequest(req) || req.path.startsWith('/static/') || req.path === '/healthz' ? next() : handler(req, res, next));
}

/**
 * express-session saves a changed session as the response ends, but a redirect's headers can
 * reach the browser first, and the page it leads to would read the old session (no flash, or
 * signed out after signing in). So a session with something in it is saved before redirecting.
 */
function saveSessionBeforeRedirect(req: Request, res: Response, next: NextFunction): void {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    const holdsData = req.session && Object.keys(req.session).some((key) => key !== 'cookie');
    if (!holdsData) return redirect(...args);
    req.session.save((error) => (error ? next(error) : redirect(...args)));
  }) as Response['redirect'];
  next();
}

/** What every page's layout needs: who is signed in, and the one-time flash message. */
function viewLocals(req: Request, res: Response, next: NextFunction): void {
  if (req.user) {
    res.locals.viewer = { ...UsersPresenter.profile(req.user as User), isAdmin: req.user.role === 'admin', isStaff: req.user.role !== 'member' };
  }
  if (req.session?.flash) {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
  }
  res.locals.currentPath = req.path;
  next();
}

function fieldMessages(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const error of errors) {
    const name = prefix + error.property;
    if (error.constraints) {
      // forbidNonWhitelisted reports unknown fields with a constraint named whitelistValidation.
      fields[name] = Object.entries(error.constraints).map(([rule, message]) =>
        rule === 'whitelistValidation' ? `${name} is not a field this form accepts.` : message,
      );
    }
    if (error.children?.length) Object.assign(fields, fieldMessages(error.children, `${name}.`));
  }
  return fields;
}

function publishApiDocs(app: NestExpressApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('AnswerBase API')
      .setDescription('Authenticate with a personal access token: `Authorization: Bearer ab_…` (POST /api/v1/tokens).')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  // The API is /api/v1; the HTML pages' routes (forms, votes from pages) are not part of it.
  document.paths = Object.fromEntries(Object.entries(document.paths).filter(([path]) => path.startsWith('/api/v1/')));
  SwaggerModule.setup('api/docs', app, document);
}
