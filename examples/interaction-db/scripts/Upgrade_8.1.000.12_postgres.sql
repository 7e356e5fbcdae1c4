-- Interaction database 8.1.000.10 -> 8.1.000.12 (PostgreSQL)
-- * interaction.last_activity_ts: new column, backfilled from the latest party state change.
-- * Media types normalised to lower case without punctuation ('Voice', 'E-Mail' -> 'voice', 'email').
-- * Indexes for the purge and for reports by time.

ALTER TABLE interaction ADD COLUMN last_activity_ts TIMESTAMP;

CREATE INDEX ix_party_interaction ON party (interaction_id);
CREATE INDEX ix_party_history_ts ON party_history (ts);
CREATE INDEX ix_interaction_created ON interaction (created_ts);

UPDATE interaction x
SET last_activity_ts = s.last_ts
FROM (SELECT p.interaction_id, max(h.ts) AS last_ts
      FROM party p
      JOIN party_history h ON h.party_id = p.party_id
      GROUP BY p.interaction_id) s
WHERE s.interaction_id = x.interaction_id;

-- Interactions without any party state change fall back to their creation time.
UPDATE interaction SET last_activity_ts = created_ts WHERE last_activity_ts IS NULL;

UPDATE interaction SET media_type = lower(replace(media_type, '-', ''))
WHERE media_type <> lower(replace(media_type, '-', ''));

UPDATE virtual_queue SET media_type = lower(replace(media_type, '-', ''))
WHERE media_type <> lower(replace(media_type, '-', ''));

UPDATE idb_parameters SET val = '8.1.000.12' WHERE sect = 'schema' AND opt = 'version';
