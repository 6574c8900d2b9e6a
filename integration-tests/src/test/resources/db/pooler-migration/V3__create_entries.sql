CREATE TABLE pooler_entries (
    id serial PRIMARY KEY,
    account_id integer NOT NULL REFERENCES pooler_accounts (id),
    amount integer NOT NULL
);
CREATE INDEX pooler_entries_account ON pooler_entries (account_id);
