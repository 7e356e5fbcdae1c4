-- Mart 8.1.402: agents belong to a team.
ALTER TABLE dim_agent ADD COLUMN team VARCHAR(32);
