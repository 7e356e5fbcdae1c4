-- This site's change to the vendor's tenant-view script: the EU tenant sees only its own agents.
CREATE VIEW eu_dim_agent AS SELECT login, name FROM dim_agent WHERE team IN ('Blue', 'Green');
