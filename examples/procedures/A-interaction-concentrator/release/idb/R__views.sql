-- Reporting views of schema 8.1.100.32, re-created after every upgrade (repeatable).
DROP VIEW IF EXISTS v_interaction_summary;
CREATE VIEW v_interaction_summary AS
SELECT i.id, i.media_type, i.state, s.talk_sec, s.party_count
FROM g_interaction i LEFT JOIN g_ixn_stat s ON s.interaction_id = i.id;
