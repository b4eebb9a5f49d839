#!/bin/sh
# Run once by the postgres image on an empty volume (/docker-entrypoint-initdb.d): the case
# engine's own user and database, apart from Temporal's. The password comes from the env file
# (CASES_DB_PASSWORD); tables come from the worker, which applies migrations at start.
set -eu
: "${CASES_DB_PASSWORD:?set CASES_DB_PASSWORD in .env (see .env.example)}"
psql -v ON_ERROR_STOP=1 -v pw="$CASES_DB_PASSWORD" --username "$POSTGRES_USER" --dbname postgres <<'SQL'
CREATE USER cases WITH PASSWORD :'pw';
CREATE DATABASE cases OWNER cases;
SQL
