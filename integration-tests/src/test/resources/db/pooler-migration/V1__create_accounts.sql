CREATE TABLE pooler_accounts (
    id integer PRIMARY KEY,
    owner text NOT NULL
);
