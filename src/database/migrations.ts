// Every migration, in order. `npm run migration:generate -- Name` appends to this list.
import { Foundation1795455714515 } from '../../migrations/1795455714515-foundation.js';

export const ALL_MIGRATIONS = [Foundation1795455714515];
