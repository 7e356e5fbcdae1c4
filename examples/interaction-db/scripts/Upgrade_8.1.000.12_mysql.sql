-- Interaction database 8.1.000.10 -> 8.1.000.12 (MySQL / MariaDB)
-- * interaction.last_activity_ts: new column, backfilled from the latest party state change.
-- * Media types normalised to lower case without punctuation ('Voice', 'E-Mail' -> 'voice', 'email').
-- * Indexes for the purge and for reports by time (party.interaction_id is already indexed by
--   InnoDB for its foreign key).

ALTER TABLE interaction ADD COLUMN last_activity_ts DATETIME NULL AFTER ended_ts;

CREATE INDEX ix_party_history_ts ON party_history (ts);
CREATE INDEX ix_interaction_created ON interaction (created_ts);

UPDATE interaction x
JOIN (SELECT p.interaction_id, MAX(h.ts) AS last_ts
      FROM party p
      JOIN party_history h ON h.party_id = p.party_id
      GROUP BY p.interaction_id) s ON s.interaction_id = x.interaction_id
SET x.last_activity_ts = s.last_ts;

-- Interactions without any party state change fall back to their creation time.
UPDATE interaction SET last_activity_ts = created_ts WHERE last_activity_ts IS NULL;

-- The default collation compares case-insensitively, so compare the bytes.
UPDATE interaction SET media_type = LOWER(REPLACE(media_type, '-', ''))
WHERE BINARY media_type <> BINARY LOWER(REPLACE(media_type, '-', ''));

UPDATE virtual_queue SET media_type = LOWER(REPLACE(media_type, '-', ''))
WHERE BINARY media_type <> BINARY LOWER(REPLACE(media_type, '-', ''));

UPDATE idb_parameters SET val = '8.1.000.12' WHERE sect = 'schema' AND opt = 'version';
