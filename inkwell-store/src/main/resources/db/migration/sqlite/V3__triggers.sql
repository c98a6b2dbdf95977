-- Schema 3 (SQLite): upload triggers. A trigger sends the objects written under a bucket prefix (and suffix) to an
-- Inkwell function; every process sharing the store reads the definitions from here. The work itself goes through
-- work_items (queue 'triggers', one item per trigger generation, bucket, ETag and key).
CREATE TABLE triggers (
  name TEXT PRIMARY KEY,
  bucket TEXT NOT NULL,
  prefix TEXT NOT NULL,
  suffix TEXT NOT NULL,
  action TEXT NOT NULL,
  -- the action's options as a JSON object (endpoint, table, output prefix…)
  options TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- when objects written around the trigger's creation (before every process knew it) were looked for; null: not yet
  caught_up_at TEXT);

CREATE INDEX triggers_bucket ON triggers (bucket);

-- How far each event source (a folder watcher 'watch:BUCKET', a poller 'poll:BUCKET/PREFIX') is known to have looked:
-- a source that starts again (a restart, another process taking over a poller) looks for objects written since.
CREATE TABLE trigger_checkpoints (
  source TEXT PRIMARY KEY,
  seen_until TEXT NOT NULL);
