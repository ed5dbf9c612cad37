import type { Notification } from './entities/notification.entity.js';

/** Notification → the view model of the page and the API response (one mapper for both). */
export const NotificationsPresenter = {
  item(notification: Notification) {
    return {
      id: notification.id,
      kind: notification.kind,
      text: notification.text,
      url: notification.url,
      actor: notification.actor ? notification.actor.username : null,
      read: notification.readAt !== null,
      createdAt: notification.createdAt.toISOString(),
    };
  },

  list(slice: { items: Notification[]; hasNext: boolean; unread: number }) {
    return { unread: slice.unread, items: slice.items.map(NotificationsPresenter.item), hasNext: slice.hasNext };
  },
};
