-- Schema 4 (PostgreSQL): the model registry and the endpoints that serve its versions.
-- A registered model has immutable, numbered versions (artifacts in a bucket, addressed by the ONNX file's SHA-256),
-- movable aliases with every move kept, and endpoints whose every change is a numbered revision (rollback re-applies
-- an older one). registry_changes counts every change that can alter what an endpoint serves, so replicas sharing the
-- store notice one by reading a single row.
CREATE TABLE registered_models (
  name TEXT PRIMARY KEY,
  description TEXT,
  created_at TIMESTAMPTZ NOT NULL);

CREATE TABLE model_versions (
  name TEXT NOT NULL REFERENCES registered_models (name),
  version INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  artifact TEXT NOT NULL,
  card TEXT NOT NULL,
  source TEXT NOT NULL,
  status TEXT NOT NULL,
  tags TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (name, version));

CREATE TABLE model_aliases (
  name TEXT NOT NULL REFERENCES registered_models (name),
  alias TEXT NOT NULL,
  version INTEGER NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (name, alias));

CREATE TABLE model_events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  alias TEXT,
  from_version INTEGER,
  to_version INTEGER,
  detail TEXT,
  at TIMESTAMPTZ NOT NULL);

CREATE INDEX model_events_by_name ON model_events (name, id);

CREATE TABLE endpoints (
  name TEXT PRIMARY KEY,
  definition TEXT NOT NULL,
  revision INTEGER NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL);

CREATE TABLE endpoint_revisions (
  name TEXT NOT NULL,
  revision INTEGER NOT NULL,
  definition TEXT,
  action TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (name, revision));

CREATE TABLE registry_changes (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  changes BIGINT NOT NULL);

INSERT INTO registry_changes (id, changes) VALUES (1, 0);
