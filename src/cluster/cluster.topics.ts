/**
 * The names of the messages instances send each other over the cluster channel. A topic is
 * declared here, once, and nowhere else: publishers and subscribers name it through the
 * ClusterTopic type, so a misspelt topic is a compile error, not a message nobody hears.
 */
export const CLUSTER_TOPICS = [
  /** Admin-configurable numbers other than the reputation rules changed (the super-user bar …). */
  'settings.changed',
  /** The reputation rules changed: every instance re-reads them. */
  'reputation-rules.changed',
  /** Badges were awarded or revoked: marks beside names may differ. Payload: { userIds: number[] }. */
  'badge-marks.changed',
  /** Rendered pages to drop from every instance's anonymous page cache. */
  'page-cache.invalidate',
  /** Documents in the search index changed: every instance forgets the search results it keeps. */
  'search.changed',
] as const;

export type ClusterTopic = (typeof CLUSTER_TOPICS)[number];

export function isClusterTopic(name: unknown): name is ClusterTopic {
  return typeof name === 'string' && (CLUSTER_TOPICS as readonly string[]).includes(name);
}
