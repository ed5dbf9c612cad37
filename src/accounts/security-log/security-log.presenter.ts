import { SECURITY_EVENT_KINDS, type SecurityEvent } from './security-event.entity.js';

/** One mapper for the admin page and the API. */
export const SecurityLogPresenter = {
  event(event: SecurityEvent) {
    return {
      id: event.id,
      kind: event.kind,
      user: event.user?.username ?? null,
      actor: event.actor?.username ?? null,
      ip: event.ip,
      userAgent: event.userAgent,
      detail: event.detail,
      createdAt: event.createdAt.toISOString(),
    };
  },

  row(event: SecurityEvent) {
    const json = SecurityLogPresenter.event(event);
    return { ...json, detailText: event.detail ? JSON.stringify(event.detail) : '' };
  },

  kindOptions(selected?: string) {
    return SECURITY_EVENT_KINDS.map((value) => ({ value, selected: value === selected }));
  },
};
