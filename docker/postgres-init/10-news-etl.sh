#!/usr/bin/env bash
# First start of the postgres container: databases and roles for the ETL, Prefect and Metabase.
# Passwords come from the environment (.env), never from this file.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE news_etl LOGIN PASSWORD '${NEWS_ETL_DB_PASSWORD}';
CREATE DATABASE news_etl OWNER news_etl;
CREATE ROLE prefect LOGIN PASSWORD '${PREFECT_DB_PASSWORD}';
CREATE DATABASE prefect OWNER prefect;
CREATE ROLE metabase LOGIN PASSWORD '${METABASE_DB_PASSWORD}';
CREATE DATABASE metabase OWNER metabase;
-- BI access: a NOLOGIN group that may read the analytics schema only, and a login user in it
CREATE ROLE news_etl_reader NOLOGIN;
CREATE ROLE ${BI_USER:-bi} LOGIN PASSWORD '${BI_PASSWORD}' IN ROLE news_etl_reader;
SQL
# the ETL owner may create pg_trgm (a trusted extension) itself; nothing else needs a superuser
