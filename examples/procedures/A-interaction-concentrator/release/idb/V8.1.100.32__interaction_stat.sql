-- Schema 8.1.100.32: interaction statistics for every medium (g_ixn_stat) replace the call statistics. g_call_stat
-- stays until the old release's drop script (drop_8.1.100.28.sql) removes it, so a rollback still finds it.
CREATE TABLE g_ixn_stat (
    interaction_id INTEGER     NOT NULL PRIMARY KEY,
    media_type     VARCHAR(16) NOT NULL,
    talk_sec       INTEGER     NOT NULL,
    party_count    INTEGER     NOT NULL
);

INSERT INTO g_ixn_stat (interaction_id, media_type, talk_sec, party_count)
SELECT c.interaction_id, i.media_type, c.talk_sec, (SELECT COUNT(*) FROM g_party p WHERE p.interaction_id = c.interaction_id)
FROM g_call_stat c JOIN g_interaction i ON i.id = c.interaction_id;

UPDATE g_db_parameters SET val = '8.1.100.32' WHERE sect = 'schema' AND opt = 'version';
