-- Test only: what a later Inkwell's second migration could look like (a new table, and a column on an old one).
CREATE TABLE notes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  table_name TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL);

ALTER TABLE samples ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0;
