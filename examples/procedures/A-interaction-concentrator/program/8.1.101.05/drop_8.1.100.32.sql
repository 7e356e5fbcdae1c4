-- Shipped with release 8.1.101.05 (schema 8.1.100.32): for the upgrade after this one.
DROP TABLE IF EXISTS g_ixn_stat_old;
