CREATE TABLE mig_vendor (vendor VARCHAR(20) NOT NULL);
INSERT INTO mig_vendor (vendor) VALUES ('h2');
