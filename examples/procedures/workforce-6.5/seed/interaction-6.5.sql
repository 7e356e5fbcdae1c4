-- The workforce-management database of release 6.5.201.00 as a site has it before the 6.5 path of procedure D:
-- the old names (Virtual PABX, Exclusivity Sets, Compliance Rules, ...), the old terminology in the rows, and years
-- of performance history. setup.sh creates it as a SQLite file; the runbook only reads it.
CREATE TABLE db_info (name VARCHAR(40) PRIMARY KEY, val VARCHAR(40) NOT NULL);
INSERT INTO db_info VALUES ('version', '6.5.201.00'), ('installed', '2014-06-02');

CREATE TABLE virtual_pabx (
    vpabx_id INTEGER PRIMARY KEY,
    vpabx_name VARCHAR(80) NOT NULL,
    vpabx_tz VARCHAR(40) NOT NULL,
    legacy_flags INTEGER NOT NULL DEFAULT 0);
INSERT INTO virtual_pabx VALUES
    (1, 'North America Care', 'America/Chicago', 3),
    (2, 'EMEA Sales', 'Europe/Paris', 0),
    (3, 'APAC Support', 'Asia/Singapore', 1);

CREATE TABLE wm_site (
    site_id INTEGER PRIMARY KEY,
    vpabx_id INTEGER NOT NULL REFERENCES virtual_pabx (vpabx_id),
    site_name VARCHAR(80) NOT NULL,
    aggregator VARCHAR(40) NOT NULL,
    time_profile VARCHAR(20) NOT NULL);
INSERT INTO wm_site VALUES
    (10, 1, 'Dallas', 'agg-us-1', 'standard'),
    (11, 1, 'Toronto', 'agg-us-1', 'standard'),
    (20, 2, 'Lyon', 'agg-eu-1', 'extended'),
    (21, 2, 'Dublin', 'agg-eu-1', 'standard'),
    (30, 3, 'Singapore', 'agg-ap-1', 'standard');

CREATE TABLE wm_agent (
    agent_id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES wm_site (site_id),
    first_name VARCHAR(40) NOT NULL,
    last_name VARCHAR(40) NOT NULL,
    emp_no VARCHAR(20) NOT NULL,
    contract_type VARCHAR(20) NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0);
-- 60 agents, 12 per site; every seventh was deleted in 6.5 (kept as a flag) and is not carried over.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60)
INSERT INTO wm_agent
SELECT 1000 + i,
       CASE (i - 1) / 12 WHEN 0 THEN 10 WHEN 1 THEN 11 WHEN 2 THEN 20 WHEN 3 THEN 21 ELSE 30 END,
       substr('AnaBenCarDanEliFayGusHalIdaJon', 1 + ((i - 1) % 10) * 3, 3),
       substr('SmithJonesBrownGarciMillerDavisLopezWilsoMooreTaylo', 1 + ((i - 1) % 10) * 5, 5) || i,
       'E' || printf('%05d', i),
       CASE WHEN i % 4 = 0 THEN 'part-time' ELSE 'full-time' END,
       CASE WHEN i % 7 = 0 THEN 1 ELSE 0 END
FROM n;

CREATE TABLE wm_activity (
    activity_id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES wm_site (site_id),
    activity_name VARCHAR(80) NOT NULL,
    activity_type VARCHAR(40) NOT NULL);
INSERT INTO wm_activity VALUES
    (100, 10, 'Inbound voice', 'Phone Activity'),
    (101, 10, 'Back office', 'Deferred Activity'),
    (102, 11, 'Inbound voice', 'Phone Activity'),
    (103, 11, 'Escalations', 'Exclusive Activity'),
    (200, 20, 'Sales calls', 'Phone Activity'),
    (201, 20, 'E-mail', 'Deferred Activity'),
    (202, 21, 'Sales calls', 'Phone Activity'),
    (300, 30, 'Support chat', 'Immediate Activity'),
    (301, 30, 'Training', 'Exclusive Activity'),
    (302, 30, 'Project work', 'Other');

CREATE TABLE exclusivity_sets (
    exset_id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES wm_site (site_id),
    exset_name VARCHAR(80) NOT NULL);
INSERT INTO exclusivity_sets VALUES (1, 10, 'Voice only'), (2, 11, 'Escalation desk'), (3, 30, 'Chat and training');

CREATE TABLE exclusivity_set_members (
    exset_id INTEGER NOT NULL REFERENCES exclusivity_sets (exset_id),
    activity_id INTEGER NOT NULL REFERENCES wm_activity (activity_id),
    PRIMARY KEY (exset_id, activity_id));
INSERT INTO exclusivity_set_members VALUES (1, 100), (2, 102), (2, 103), (3, 300), (3, 301);

CREATE TABLE compliance_rules (
    rule_id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES wm_site (site_id),
    rule_name VARCHAR(80) NOT NULL,
    threshold_pct INTEGER NOT NULL,
    rule_scope VARCHAR(20) NOT NULL);
INSERT INTO compliance_rules VALUES
    (1, 10, 'Schedule adherence', 90, 'Agent'),
    (2, 20, 'Schedule adherence', 85, 'Agent'),
    (3, 30, 'Break adherence', 95, 'Team'),
    (4, 21, 'Late log-in', 98, 'Agent');

CREATE TABLE wm_exception_types (
    exc_type_id INTEGER PRIMARY KEY,
    exc_name VARCHAR(80) NOT NULL,
    exc_paid INTEGER NOT NULL);
INSERT INTO wm_exception_types VALUES (1, 'Vacation', 1), (2, 'Sick Leave', 1), (3, 'Training Exception', 1), (4, 'Unpaid Leave', 0);

CREATE TABLE scheduled_states (
    state_id INTEGER PRIMARY KEY,
    agent_id INTEGER NOT NULL REFERENCES wm_agent (agent_id),
    activity_id INTEGER REFERENCES wm_activity (activity_id),
    state_type VARCHAR(40) NOT NULL,
    sched_date VARCHAR(10) NOT NULL,
    start_min INTEGER NOT NULL,
    end_min INTEGER NOT NULL);
-- A week of schedules for the first site's agents: work, a break and a meal a day.
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 251)
INSERT INTO scheduled_states
SELECT 1 + i,
       1001 + (i / 3) % 12,
       CASE i % 3 WHEN 0 THEN 100 ELSE NULL END,
       CASE i % 3 WHEN 0 THEN 'Work' WHEN 1 THEN 'Break' ELSE 'Meal' END,
       date('2024-03-04', '+' || (i / 36) || ' days'),
       CASE i % 3 WHEN 0 THEN 480 WHEN 1 THEN 600 ELSE 720 END,
       CASE i % 3 WHEN 0 THEN 1020 WHEN 1 THEN 615 ELSE 750 END
FROM n;

-- The large history tables: per agent and per queue, a row per half hour. (Real sites have years of them; the
-- two-step copy moves them after the new release has started.)
CREATE TABLE perf_history_agent (
    agent_id INTEGER NOT NULL,
    period_start VARCHAR(16) NOT NULL,
    handled INTEGER NOT NULL,
    aht_sec INTEGER NOT NULL,
    PRIMARY KEY (agent_id, period_start));
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1199)
INSERT INTO perf_history_agent
SELECT 1001 + i % 12,
       strftime('%Y-%m-%d %H:%M', '2024-03-04 08:00', '+' || ((i / 12) * 30) || ' minutes'),
       5 + (i * 7) % 11,
       180 + (i * 13) % 240
FROM n;

CREATE TABLE perf_history_queue (
    queue_name VARCHAR(40) NOT NULL,
    period_start VARCHAR(16) NOT NULL,
    offered INTEGER NOT NULL,
    abandoned INTEGER NOT NULL,
    service_level_pct INTEGER NOT NULL,
    PRIMARY KEY (queue_name, period_start));
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 399)
INSERT INTO perf_history_queue
SELECT CASE i % 4 WHEN 0 THEN 'care-voice' WHEN 1 THEN 'care-chat' WHEN 2 THEN 'sales-voice' ELSE 'support-chat' END,
       strftime('%Y-%m-%d %H:%M', '2024-03-04 08:00', '+' || ((i / 4) * 30) || ' minutes'),
       40 + (i * 5) % 30,
       (i * 3) % 5,
       70 + (i * 11) % 30
FROM n;
