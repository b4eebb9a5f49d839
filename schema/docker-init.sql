-- Run once by the postgres image on an empty volume (docker-entrypoint-initdb.d): the case
-- engine's own database and user, apart from Temporal's. Tables come from `npm run migrate`
-- (the worker applies migrations at start).
CREATE USER cases WITH PASSWORD 'cases';
CREATE DATABASE cases OWNER cases;
