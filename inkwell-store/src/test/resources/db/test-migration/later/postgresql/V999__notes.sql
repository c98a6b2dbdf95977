-- Test only: what a later Inkwell's second migration could look like (a new table, and a column on an old one).
CREATE TABLE notes (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  table_name TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at TIMESTAMPTZ NOT NULL);

ALTER TABLE samples ADD COLUMN reviewed BOOLEAN NOT NULL DEFAULT FALSE;
