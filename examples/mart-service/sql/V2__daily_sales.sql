-- The mart: one row per day and store, refreshed by the service's cycle.
CREATE TABLE daily_sales (
    day date NOT NULL,
    store text NOT NULL,
    total numeric(14, 2) NOT NULL,
    refreshed_at timestamptz NOT NULL,
    PRIMARY KEY (day, store)
);
