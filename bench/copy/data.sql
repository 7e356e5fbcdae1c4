-- The benchmark's source data, built in PostgreSQL (psql -v rows=N, N accounts; orders and events scale with it).
-- Row widths like an application's: a parent table with a UUID, and two large child tables that reference it.
\set orders (:rows * 6)
\set events (:rows * 4)
INSERT INTO accounts (id, uid, name, email, created_at, balance, active)
SELECT g, md5('a' || g)::uuid, 'Account ' || g || ' ' || substr(md5(g::text), 1, 12),
       'user' || g || '@example-' || (g % 97) || '.com',
       timestamptz '2015-01-01 00:00:00+00' + g * interval '37 seconds',
       round(((g * 7919) % 2000000) / 100.0 - 5000, 2), g % 11 <> 0
FROM generate_series(1::bigint, :rows) g;

INSERT INTO orders (id, account_id, placed_at, status, total, items, note)
SELECT g, 1 + (g * 7) % :rows, timestamp '2016-01-01 00:00:00' + g * interval '11 seconds',
       (ARRAY['new', 'paid', 'shipped', 'delivered', 'returned'])[1 + g % 5],
       round(((g * 104729) % 5000000) / 100.0, 2), 1 + g % 9,
       CASE WHEN g % 3 = 0 THEN NULL ELSE 'deliver to door ' || (g % 500) || ', ' || repeat(substr(md5(g::text), 1, 8), (1 + g % 6)::int) END
FROM generate_series(1::bigint, :orders) g;

INSERT INTO events (id, account_id, at, kind, payload, score)
SELECT g, 1 + (g * 13) % :rows, timestamptz '2020-01-01 00:00:00+00' + g * interval '3 seconds',
       'kind-' || (g % 17),
       repeat(md5((g * 31)::text), (2 + g % 6)::int) || ' agent' || (g % 40),
       ((g * 2654435761) % 1000000) / 1000.0
FROM generate_series(1::bigint, :events) g;
