INSERT INTO pooler_accounts (id, owner) VALUES (1, 'ada'), (2, 'grace'), (3, 'edsger');
