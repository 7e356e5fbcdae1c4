-- The operational table the mart reads.
CREATE TABLE sales (
    id bigserial PRIMARY KEY,
    store text NOT NULL,
    sold_at timestamptz NOT NULL,
    amount numeric(12, 2) NOT NULL
);

INSERT INTO sales (store, sold_at, amount) VALUES
    ('north', '2024-06-01 09:15:00+00', 12.50),
    ('north', '2024-06-01 17:40:00+00', 30.00),
    ('south', '2024-06-01 11:05:00+00', 8.75),
    ('south', '2024-06-02 10:00:00+00', 99.90);
