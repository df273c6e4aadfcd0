INSERT INTO mig_book (id, title, isbn) VALUES (1, 'Dune', '978-0441013593');
