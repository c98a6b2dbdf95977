-- Schema 2 (SQLite): units of work shared out between the processes of one store (bucket events to process,
-- workflow executions to advance, scheduled monitor runs). A row is claimed with a lease; a process that dies has
-- its rows taken over when the lease expires. (queue, item_key) makes enqueueing idempotent.
CREATE TABLE work_items (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  queue TEXT NOT NULL,
  item_key TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  not_before TEXT NOT NULL,
  lease_owner TEXT,
  lease_until TEXT,
  result TEXT,
  error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (queue, item_key));

CREATE INDEX work_items_ready ON work_items (queue, status, not_before, id);
