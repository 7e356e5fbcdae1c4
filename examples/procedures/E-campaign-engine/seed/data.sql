-- The campaign engine's data before the upgrade (schema 8.1.510). Two storage_history rows are stale: node-3 was
-- removed from the cluster before it could process them, so a flush never completes on its own.
INSERT INTO ocs_option (name, val) VALUES ('diagnostic-mode', 'off'), ('storage-flush', 'false');
INSERT INTO campaign (id, name, status, dial_mode) VALUES (1, 'Renewals', 'running', 'predictive'), (2, 'Surveys', 'stopped', 'preview');
INSERT INTO storage_history (id, node, file_name, status_code) VALUES
    (1, 'node-1', 'store-0001.dat', 30),
    (2, 'node-2', 'store-0002.dat', 30),
    (3, 'node-3', 'store-0003.dat', 10),
    (4, 'node-3', 'store-0004.dat', 20);
