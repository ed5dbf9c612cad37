import type { ClusterEvents } from '../cluster/cluster-events.service.js';
import type { SearchIndex } from './search-index.port.js';

/**
 * The index, with every change to its documents heard by every instance: each keeps recent
 * results (SearchService), and a thread added, edited, hidden or deleted must show in them at
 * once. Score updates are not announced: a vote reorders kept results within their time-to-live.
 */
export function announcingChanges(index: SearchIndex, cluster: ClusterEvents): SearchIndex {
  const upsert = index.upsert.bind(index);
  const remove = index.remove.bind(index);
  const announce = () => cluster.publish('search.changed', {});
  index.upsert = async (documents) => {
    await upsert(documents);
    if (documents.length > 0) await announce();
  };
  index.remove = async (ids) => {
    const removed = await remove(ids);
    if (removed > 0) await announce();
    return removed;
  };
  return index;
}
