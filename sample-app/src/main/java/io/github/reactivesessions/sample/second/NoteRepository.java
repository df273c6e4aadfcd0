package io.github.reactivesessions.sample.second;

import org.springframework.data.r2dbc.repository.R2dbcRepository;

/**
 * A Spring Data repository on the second bind (see {@link SecondBindConfiguration}).
 */
public interface NoteRepository extends R2dbcRepository<Note, Long> {

}
