-- upshift:no-transaction
-- Built without blocking writers; on a large table this is the step that outlasts Helm's default 5-minute timeout.
CREATE INDEX CONCURRENTLY IF NOT EXISTS sales_sold_at ON sales (sold_at);
