#!/bin/sh
# A temporalio/admin-tools job (docker-compose.yml: temporal-schema): creates the `temporal` and
# `temporal_visibility` databases if missing and migrates both to the schema of the image's
# release with temporal-sql-tool. Safe to run on every `docker compose up`.
set -eu
: "${POSTGRES_SEEDS:?}" "${SQL_USER:?}" "${SQL_PASSWORD:?}"
PORT=${DB_PORT:-5432}
SCHEMA_DIR=${SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}
echo "waiting for PostgreSQL at ${POSTGRES_SEEDS}:${PORT}"
until nc -z -w 5 "$POSTGRES_SEEDS" "$PORT"; do sleep 2; done
for db in temporal temporal_visibility; do
  dir=temporal
  [ "$db" = temporal_visibility ] && dir=visibility
  sql() { temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$PORT" --db "$db" "$@"; }
  # On an existing database `create` and `setup-schema -v 0.0` change nothing and succeed (tried
  # with the 1.29.1 tool by npm run cluster); `update-schema` applies only the missing versions.
  sql create
  sql setup-schema -v 0.0
  sql update-schema -d "$SCHEMA_DIR/$dir/versioned"
done
echo "Temporal schemas are up to date"
