-- The same tables in SQLite, typed as an old release would declare them (timestamps and UUIDs as text).
CREATE TABLE accounts (id INTEGER PRIMARY KEY, uid TEXT NOT NULL, name TEXT NOT NULL, email TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL, balance NUMERIC(14, 2) NOT NULL, active BOOLEAN NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts (id), placed_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL, total NUMERIC(12, 2) NOT NULL, items INTEGER NOT NULL, note TEXT);
CREATE TABLE events (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES accounts (id), at TIMESTAMP NOT NULL,
    kind TEXT NOT NULL, payload TEXT NOT NULL, score REAL NOT NULL);
