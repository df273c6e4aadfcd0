package io.github.reactivesessions.session;

import org.springframework.data.r2dbc.convert.R2dbcConverter;
import org.springframework.data.r2dbc.core.DefaultReactiveDataAccessStrategy;
import org.springframework.data.r2dbc.core.StatementMapper;
import org.springframework.data.r2dbc.dialect.R2dbcDialect;
import org.springframework.data.r2dbc.query.UpdateMapper;

/**
 * The data access strategy of the entity templates the starter builds, unless
 * {@link ReactiveSessionFactory.Builder#cacheInsertStatements(boolean)} turns it off:
 * Spring Data's default, whose statement mapper renders each INSERT once
 * ({@link InsertStatementCache}). A template given to
 * {@link ReactiveSessionFactory.Builder#entityTemplate} keeps its own strategy.
 */
final class SessionDataAccessStrategy extends DefaultReactiveDataAccessStrategy {

	private final StatementMapper statementMapper;

	SessionDataAccessStrategy(R2dbcDialect dialect, R2dbcConverter converter) {
		super(dialect, converter);
		this.statementMapper = new InsertStatementCache(super.getStatementMapper(), dialect,
				new UpdateMapper(dialect, converter), converter.getMappingContext());
	}

	@Override
	public StatementMapper getStatementMapper() {
		return this.statementMapper;
	}

}
