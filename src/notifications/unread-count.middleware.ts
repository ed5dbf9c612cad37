import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { isApiRequest } from '../common/http/request-kind.js';
import { NotificationsService } from './notifications.service.js';

/** The unread count in the navigation: one indexed count per signed-in page view (GET only). */
@Injectable()
export class UnreadCountMiddleware implements NestMiddleware {
  constructor(private readonly notifications: NotificationsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    if (!req.user || req.method !== 'GET' || isApiRequest(req)) return next();
    this.notifications
      .unreadCount(req.user.id)
      .then((count) => {
        res.locals.unreadNotifications = count > 99 ? '99+' : count;
      })
      .catch(() => undefined) // a count is not worth failing a page for
      .finally(() => next());
  }
}
