-- upshift:phase backfill
-- Release 2: release 2 looks parties up by endpoint as release 1 does by dn. Built after the backfill so
-- that the copy does not maintain it row by row; CONCURRENTLY, so writers are never blocked (Upshift runs
-- it outside a transaction and rebuilds it if an interrupted build left an invalid index behind).

CREATE INDEX CONCURRENTLY ix_parties_endpoint ON parties (endpoint);
