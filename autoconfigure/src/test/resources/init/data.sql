INSERT INTO tag (id, label) VALUES (1, 'first');
INSERT INTO tag (id, label) VALUES (2, 'second');
