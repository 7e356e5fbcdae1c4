-- Shipped with release 8.1.100.28: what this release's schema leaves behind once the next one runs, to run by hand
-- when a rollback is no longer wanted (about a week after the upgrade).
DROP TABLE IF EXISTS g_call_stat;
