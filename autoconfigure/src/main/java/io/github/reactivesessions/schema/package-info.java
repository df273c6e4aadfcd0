/**
 * Schema: {@link io.github.reactivesessions.schema.SchemaManager} creates and drops the
 * tables of Spring Data Relational entities, aiohttp-sqlalchemy's {@code init_db} /
 * {@code metadata.create_all}. Knows nothing of the web or of Spring Boot.
 */
@NullMarked
package io.github.reactivesessions.schema;

import org.jspecify.annotations.NullMarked;
