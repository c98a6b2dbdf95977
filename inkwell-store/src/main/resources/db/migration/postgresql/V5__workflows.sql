-- Schema 5 (PostgreSQL): workflows (Amazon States Language state machines) and their executions.
-- Every change of a workflow is a numbered revision; an execution runs the revision it started with. An execution
-- row holds where it stands (the engine's snapshot, rewritten at each recorded transition) and who runs it: the
-- owner's lease is renewed while it runs, and an expired lease lets any replica take the execution over and resume it
-- from the snapshot. workflow_events is its history, in Step Functions' event shape.
CREATE TABLE workflows (
  name TEXT PRIMARY KEY,
  revision INTEGER NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL);

CREATE TABLE workflow_revisions (
  name TEXT NOT NULL,
  revision INTEGER NOT NULL,
  definition TEXT NOT NULL,
  functions TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (name, revision));

CREATE TABLE workflow_executions (
  arn TEXT PRIMARY KEY,
  workflow TEXT NOT NULL,
  revision INTEGER NOT NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  input TEXT NOT NULL,
  output TEXT,
  error TEXT,
  cause TEXT,
  started_at TIMESTAMPTZ NOT NULL,
  stopped_at TIMESTAMPTZ,
  snapshot TEXT,
  last_event_id BIGINT NOT NULL,
  owner TEXT,
  lease_until TIMESTAMPTZ,
  parent_arn TEXT,
  UNIQUE (workflow, name));

CREATE INDEX workflow_executions_running ON workflow_executions (status, lease_until);
CREATE INDEX workflow_executions_by_workflow ON workflow_executions (workflow, started_at);

CREATE TABLE workflow_events (
  arn TEXT NOT NULL,
  id BIGINT NOT NULL,
  previous_id BIGINT NOT NULL,
  type TEXT NOT NULL,
  at TIMESTAMPTZ NOT NULL,
  details TEXT,
  PRIMARY KEY (arn, id));
