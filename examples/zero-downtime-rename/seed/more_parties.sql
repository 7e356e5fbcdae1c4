-- Grows parties by 400,000 rows (a busy week of a small site) so that the backfill runs long enough
-- to watch it, interrupt it and resume it. Run before the expand step, with release 1's schema:
--   upshift exec --db ... --file examples/zero-downtime-rename/seed/more_parties.sql
INSERT INTO parties (interaction_id, role, dn, state, created_ts)
SELECT 2000 + (g + 1) / 2,
       CASE WHEN g % 2 = 1 THEN 'caller' ELSE 'agent' END,
       CASE WHEN g % 2 = 1 THEN '+3120' || lpad((g::bigint * 7919 % 10000000)::text, 7, '0') ELSE '5' || lpad((g % 400)::text, 3, '0') END,
       'released',
       timestamptz '2026-11-02 08:00+00' + g * interval '1 second'
FROM generate_series(1, 400000) AS g;

ANALYZE parties;
