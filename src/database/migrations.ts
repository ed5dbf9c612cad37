// Every migration, in order. `npm run migration:generate -- Name` appends to this list.
import { Foundation1795455714515 } from '../../migrations/1795455714515-foundation.js';
import { Threads1795456656875 } from '../../migrations/1795456656875-threads.js';
import { VotesAndReputation1795457273409 } from '../../migrations/1795457273409-votes-and-reputation.js';
import { JobQueue1795458350595 } from '../../migrations/1795458350595-job-queue.js';
import { Search1795458716800 } from '../../migrations/1795458716800-search.js';
import { Knowledge1795459027023 } from '../../migrations/1795459027023-knowledge.js';
import { Moderation1795459071131 } from '../../migrations/1795459071131-moderation.js';
import { Badges1795459497733 } from '../../migrations/1795459497733-badges.js';
import { InsightsAndNotifications1795459586700 } from '../../migrations/1795459586700-insights-and-notifications.js';
import { ProfileAndTagIndexes1796200103818 } from '../../migrations/1796200103818-profile-and-tag-indexes.js';
import { ServiceLevelSettings1796235568389 } from '../../migrations/1796235568389-service-level-settings.js';
import { SupportIntegrations1796236312429 } from '../../migrations/1796236312429-support-integrations.js';
import { Importing1796300000000 } from '../../migrations/1796300000000-importing.js';
import { Accounts1796300000001 } from '../../migrations/1796300000001-accounts.js';
import { SignInFactors1796300000002 } from '../../migrations/1796300000002-sign-in-factors.js';
import { SearchRanking1796300000010 } from '../../migrations/1796300000010-search-ranking.js';
import { MemberCounts1796400000001 } from '../../migrations/1796400000001-member-counts.js';
import { VoteChanges1796400000101 } from '../../migrations/1796400000101-vote-changes.js';
import { SearchHeads1796400000201 } from '../../migrations/1796400000201-search-heads.js';
import { SearchTitleWords1796400000301 } from '../../migrations/1796400000301-search-title-words.js';
import { UnreadSearchIndexes1796400000302 } from '../../migrations/1796400000302-unread-search-indexes.js';
import { ArticleTitleIndexes1796400000303 } from '../../migrations/1796400000303-article-title-indexes.js';
import { ExactTitles1796400000304 } from '../../migrations/1796400000304-exact-titles.js';
import { CappedEarnedToday1796400000401 } from '../../migrations/1796400000401-capped-earned-today.js';
import { RoomForNewScores1796400000402 } from '../../migrations/1796400000402-room-for-new-scores.js';

export const ALL_MIGRATIONS = [Foundation1795455714515, Threads1795456656875, VotesAndReputation1795457273409, JobQueue1795458350595, Search1795458716800, Knowledge1795459027023, Moderation1795459071131, Badges1795459497733, InsightsAndNotifications1795459586700, ProfileAndTagIndexes1796200103818, ServiceLevelSettings1796235568389, SupportIntegrations1796236312429, Importing1796300000000, Accounts1796300000001, SignInFactors1796300000002, SearchRanking1796300000010, MemberCounts1796400000001, VoteChanges1796400000101, SearchHeads1796400000201, SearchTitleWords1796400000301, UnreadSearchIndexes1796400000302, ArticleTitleIndexes1796400000303, ExactTitles1796400000304, CappedEarnedToday1796400000401, RoomForNewScores1796400000402];
