-- Schema 2 (PostgreSQL): units of work shared out between the replicas of one store (bucket events to process,
-- workflow executions to advance, scheduled monitor runs). A row is claimed with a lease (FOR UPDATE SKIP LOCKED,
-- so replicas claim different rows at once); a replica that dies has its rows taken over when the lease expires.
-- (queue, item_key) makes enqueueing idempotent.
CREATE TABLE work_items (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  queue TEXT NOT NULL,
  item_key TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  not_before TIMESTAMPTZ NOT NULL,
  lease_owner TEXT,
  lease_until TIMESTAMPTZ,
  result TEXT,
  error TEXT,
  created_at TIMESTAMPTZ NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL,
  UNIQUE (queue, item_key));

CREATE INDEX work_items_ready ON work_items (queue, status, not_before, id);
