-- Metabase's application database, beside DTX 2.0's in the same server (docker-compose only).
CREATE ROLE metabase LOGIN PASSWORD 'metabase';
CREATE DATABASE metabase OWNER metabase;
