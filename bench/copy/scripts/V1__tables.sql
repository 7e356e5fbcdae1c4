CREATE TABLE accounts (
    id bigint PRIMARY KEY,
    uid uuid NOT NULL,
    name text NOT NULL,
    email text NOT NULL,
    created_at timestamptz NOT NULL,
    balance numeric(14, 2) NOT NULL,
    active boolean NOT NULL
);

CREATE TABLE orders (
    id bigint PRIMARY KEY,
    account_id bigint NOT NULL,
    placed_at timestamp NOT NULL,
    status text NOT NULL,
    total numeric(12, 2) NOT NULL,
    items integer NOT NULL,
    note text
);

CREATE TABLE events (
    id bigint PRIMARY KEY,
    account_id bigint NOT NULL,
    at timestamptz NOT NULL,
    kind text NOT NULL,
    payload text NOT NULL,
    score double precision NOT NULL
);
