-- Reporting views of the interaction database, for schema 8.5.000.05 (PostgreSQL).
-- Repeatable: re-created after the versioned scripts whenever this file changes. Upgrade scripts
-- that change the columns these views read drop the views first, this script brings them back.

CREATE OR REPLACE VIEW v_interaction_summary AS
SELECT x.interaction_id,
       x.ixn_guid,
       x.media_type,
       x.direction,
       CASE x.state WHEN 1 THEN 'active' ELSE 'ended' END AS state_name,
       t.tenant_name,
       b.bu_name AS business_unit,
       x.created_ts,
       x.ended_ts,
       x.last_activity_ts,
       CAST(EXTRACT(EPOCH FROM (x.ended_ts - x.created_ts)) AS INTEGER) AS duration_sec,
       (SELECT count(*) FROM party p WHERE p.interaction_id = x.interaction_id) AS party_count
FROM interaction x
JOIN tenant t ON t.tenant_id = x.tenant_id
LEFT JOIN business_unit b ON b.bu_id = x.bu_id;

CREATE OR REPLACE VIEW v_queue_performance AS
SELECT q.vq_id,
       q.vq_name,
       t.tenant_name,
       q.media_type,
       count(r.routing_id) AS offered,
       count(CASE WHEN r.result_code = 0 THEN 1 END) AS routed,
       count(CASE WHEN r.result_code = 1 THEN 1 END) AS default_routed,
       count(CASE WHEN r.result_code = 2 THEN 1 END) AS abandoned,
       round(avg(r.wait_seconds), 1) AS avg_wait_sec
FROM virtual_queue q
JOIN tenant t ON t.tenant_id = q.tenant_id
LEFT JOIN routing_result r ON r.vq_id = q.vq_id
GROUP BY q.vq_id, q.vq_name, t.tenant_name, q.media_type;

CREATE OR REPLACE VIEW v_agent_activity AS
SELECT p.agent_login,
       max(p.agent_first_name) AS first_name,
       max(p.agent_last_name) AS last_name,
       count(*) AS parties,
       count(DISTINCT p.interaction_id) AS interactions,
       min(p.started_ts) AS first_seen,
       max(p.started_ts) AS last_seen
FROM party p
WHERE p.party_type = 'agent'
GROUP BY p.agent_login;

CREATE OR REPLACE VIEW v_attached_data AS
SELECT a.interaction_id,
       k.key_name,
       a.val,
       a.changed_ts
FROM attached_data a
JOIN attached_data_key k ON k.key_id = a.key_id;

CREATE OR REPLACE VIEW v_party_timeline AS
SELECT p.interaction_id,
       h.party_id,
       p.party_type,
       p.agent_login,
       h.seq,
       h.state,
       CASE h.state WHEN 1 THEN 'initiated' WHEN 3 THEN 'established' WHEN 4 THEN 'held'
                    WHEN 5 THEN 'released' ELSE 'unknown' END AS state_name,
       h.ts,
       h.duration_sec
FROM party_history h
JOIN party p ON p.party_id = h.party_id;
