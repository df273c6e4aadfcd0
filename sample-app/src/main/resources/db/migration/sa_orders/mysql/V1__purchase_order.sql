-- The table create-all made before sa_orders was migrated by Flyway.
CREATE TABLE IF NOT EXISTS purchase_order (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    item VARCHAR(255),
    quantity INT NOT NULL
);
