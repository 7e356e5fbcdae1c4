-- upshift:phase backfill
-- upshift:batch key=id size=1000 pause=20
-- Release 2, backfill: copy dn into endpoint for the rows written before the expand step, one short
-- transaction per 1,000 ids. Rows written since then are kept equal by the trigger and are skipped.

UPDATE parties
SET endpoint = dn
WHERE id > @batch_start AND id <= @batch_end
  AND endpoint IS DISTINCT FROM dn;
