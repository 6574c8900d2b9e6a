INSERT INTO pooler_entries (account_id, amount) VALUES (1, 100), (2, 250), (3, 75), (1, -20);
