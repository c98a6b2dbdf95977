-- Schema 5 (SQLite): workflows (Amazon States Language state machines) and their executions.
-- Every change of a workflow is a numbered revision; an execution runs the revision it started with. An execution
-- row holds where it stands (the engine's snapshot, rewritten at each recorded transition) and who runs it: the
-- owner's lease is renewed while it runs, and an expired lease lets any replica take the execution over and resume it
-- from the snapshot. workflow_events is its history, in Step Functions' event shape.
CREATE TABLE workflows (
  name TEXT PRIMARY KEY,
  revision INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL);

CREATE TABLE workflow_revisions (
  name TEXT NOT NULL,
  revision INTEGER NOT NULL,
  definition TEXT NOT NULL,
  functions TEXT NOT NULL,
  created_at TEXT NOT NULL,
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
  started_at TEXT NOT NULL,
  stopped_at TEXT,
  snapshot TEXT,
  last_event_id INTEGER NOT NULL,
  owner TEXT,
  lease_until TEXT,
  parent_arn TEXT,
  UNIQUE (workflow, name));

CREATE INDEX workflow_executions_running ON workflow_executions (status, lease_until);
CREATE INDEX workflow_executions_by_workflow ON workflow_executions (workflow, started_at);

CREATE TABLE workflow_events (
  arn TEXT NOT NULL,
  id INTEGER NOT NULL,
  previous_id INTEGER NOT NULL,
  type TEXT NOT NULL,
  at TEXT NOT NULL,
  details TEXT,
  PRIMARY KEY (arn, id));
