#!/bin/bash
# docker-entrypoint-initdb.d: runs once when the primary's data folder is created. The image's
# pg_hba.conf lets every database in with a password, but not replication connections.
set -euo pipefail
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "${PGDATA}/pg_hba.conf"
