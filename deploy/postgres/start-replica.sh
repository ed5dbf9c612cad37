#!/bin/bash
# The streaming replica: on an empty data folder, a base backup of the primary with -R (which
# writes standby.signal and primary_conninfo) and a replication slot, so the primary keeps the WAL
# this standby has not received yet; then PostgreSQL as a hot standby.
set -euo pipefail
export PGDATA=/var/lib/postgresql/data
if [ ! -s "${PGDATA}/PG_VERSION" ]; then
  until pg_isready -h postgres -U answerbase; do sleep 1; done
  pg_basebackup -h postgres -U answerbase -D "${PGDATA}" -R -X stream -C -S answerbase_replica -c fast
  chmod 0700 "${PGDATA}"
fi
# A hot standby needs max_connections at least the primary's.
exec postgres -c hot_standby=on -c max_connections=200 -c shared_buffers=1GB
