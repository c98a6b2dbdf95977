-- Schema 6 (SQLite): the labelling queue. Captured readings the model was not sure of (top probability under a
-- threshold) wait here for a person to say what they show; a labelled one becomes a row of a samples table (source
-- 'labelled', uuid = the capture's event id), a skipped one stays for the record. event_id makes adding idempotent,
-- so a capture queued twice (a retried write, two replicas) is one item.
CREATE TABLE labelling_queue (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL UNIQUE,
  endpoint TEXT NOT NULL,
  variant TEXT NOT NULL,
  model TEXT NOT NULL,
  capture TEXT,
  predicted INTEGER NOT NULL,
  predicted_label TEXT NOT NULL,
  probability REAL NOT NULL,
  pixels BLOB NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  status TEXT NOT NULL,
  label INTEGER,
  sample_table TEXT,
  captured_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL);

CREATE INDEX labelling_queue_by_status ON labelling_queue (status, id);
