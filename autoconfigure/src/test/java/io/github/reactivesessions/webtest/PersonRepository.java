package io.github.reactivesessions.webtest;

import io.github.reactivesessions.testsupport.Person;

import org.springframework.data.r2dbc.repository.R2dbcRepository;

/**
 * Spring Data repository on the default bind.
 */
public interface PersonRepository extends R2dbcRepository<Person, Long> {

}
