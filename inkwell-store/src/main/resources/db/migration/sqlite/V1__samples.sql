-- Schema 1 (SQLite): the rows of every samples table, keyed by (table_name, uuid); seq keeps ingest order.
-- The same statements Inkwell ran before versioned migrations: a store created then is adopted at version 1.
-- inkwell_schema is kept for Inkwell builds from before versioned migrations: they refuse a store past version 1.
CREATE TABLE IF NOT EXISTS samples (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  table_name TEXT NOT NULL,
  uuid TEXT NOT NULL,
  label INTEGER,
  pixels BLOB NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  channels INTEGER NOT NULL,
  source TEXT,
  split TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (table_name, uuid));

CREATE INDEX IF NOT EXISTS samples_by_split ON samples (table_name, split, seq);

CREATE TABLE IF NOT EXISTS inkwell_schema (version INTEGER NOT NULL);
INSERT INTO inkwell_schema (version) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM inkwell_schema WHERE version >= 1);
