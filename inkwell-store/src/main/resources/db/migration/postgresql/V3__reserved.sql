-- Schema 3: reserved for the trigger tables (their own branch); this placeholder keeps the numbering without gaps
-- until they land, and is replaced by them.
SELECT 1;
