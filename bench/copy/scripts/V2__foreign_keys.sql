ALTER TABLE orders ADD CONSTRAINT orders_account FOREIGN KEY (account_id) REFERENCES accounts (id);
ALTER TABLE events ADD CONSTRAINT events_account FOREIGN KEY (account_id) REFERENCES accounts (id);
