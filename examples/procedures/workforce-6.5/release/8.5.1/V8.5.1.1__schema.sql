-- Release 8.5.1: the workforce-management schema a new database is created with (the 6.5 path copies into it).
-- Names are the new release's: business units, activity sets, adherence rules, ...
CREATE TABLE wfm_db_info (name VARCHAR(40) PRIMARY KEY, val VARCHAR(80) NOT NULL);

CREATE TABLE business_units (
    bu_id INTEGER PRIMARY KEY,
    bu_name VARCHAR(80) NOT NULL,
    time_zone VARCHAR(40) NOT NULL);

CREATE TABLE sites (
    site_id INTEGER PRIMARY KEY,
    bu_id INTEGER NOT NULL REFERENCES business_units (bu_id),
    site_name VARCHAR(80) NOT NULL,
    aggregator_id VARCHAR(40) NOT NULL,
    time_profile VARCHAR(20) NOT NULL);

CREATE TABLE agents (
    agent_id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites (site_id),
    first_name VARCHAR(40) NOT NULL,
    last_name VARCHAR(40) NOT NULL,
    full_name VARCHAR(90) NOT NULL,
    employee_number VARCHAR(20) NOT NULL,
    contract VARCHAR(20) NOT NULL);

CREATE TABLE activities (
    activity_id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites (site_id),
    activity_name VARCHAR(80) NOT NULL,
    work_type VARCHAR(40) NOT NULL);

CREATE TABLE activity_sets (
    set_id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites (site_id),
    set_name VARCHAR(80) NOT NULL);

CREATE TABLE activity_set_members (
    set_id INTEGER NOT NULL REFERENCES activity_sets (set_id),
    activity_id INTEGER NOT NULL REFERENCES activities (activity_id),
    PRIMARY KEY (set_id, activity_id));

CREATE TABLE adherence_rules (
    rule_id INTEGER PRIMARY KEY,
    site_id INTEGER NOT NULL REFERENCES sites (site_id),
    rule_name VARCHAR(80) NOT NULL,
    threshold_percent INTEGER NOT NULL,
    scope VARCHAR(20) NOT NULL);

CREATE TABLE exception_types (
    exception_type_id INTEGER PRIMARY KEY,
    exception_name VARCHAR(80) NOT NULL,
    is_paid INTEGER NOT NULL);

CREATE TABLE schedule_states (
    state_id INTEGER PRIMARY KEY,
    agent_id INTEGER NOT NULL REFERENCES agents (agent_id),
    activity_id INTEGER REFERENCES activities (activity_id),
    state_kind VARCHAR(40) NOT NULL,
    schedule_date VARCHAR(10) NOT NULL,
    start_minute INTEGER NOT NULL,
    end_minute INTEGER NOT NULL);

-- History is kept for agents who have left: no foreign key to agents.
CREATE TABLE agent_performance_history (
    agent_id INTEGER NOT NULL,
    period_start VARCHAR(16) NOT NULL,
    calls_handled INTEGER NOT NULL,
    avg_handle_seconds INTEGER NOT NULL,
    PRIMARY KEY (agent_id, period_start));

CREATE TABLE queue_performance_history (
    queue_name VARCHAR(40) NOT NULL,
    period_start VARCHAR(16) NOT NULL,
    calls_offered INTEGER NOT NULL,
    calls_abandoned INTEGER NOT NULL,
    service_level_percent INTEGER NOT NULL,
    PRIMARY KEY (queue_name, period_start));
