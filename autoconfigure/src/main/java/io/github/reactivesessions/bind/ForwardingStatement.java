package io.github.reactivesessions.bind;

import io.r2dbc.spi.Statement;
import io.r2dbc.spi.Wrapped;

/**
 * A statement that hands its bindings straight to the driver's statement; a subclass
 * decides how its execution is sent. Shared by the pool's connection wrappers, which
 * differ only in that.
 */
abstract class ForwardingStatement implements Statement, Wrapped<Statement> {

	private final Statement statement;

	ForwardingStatement(Statement statement) {
		this.statement = statement;
	}

	/**
	 * The driver's statement, for the execution.
	 */
	protected final Statement statement() {
		return this.statement;
	}

	@Override
	public Statement add() {
		this.statement.add();
		return this;
	}

	@Override
	public Statement bind(int index, Object value) {
		this.statement.bind(index, value);
		return this;
	}

	@Override
	public Statement bind(String name, Object value) {
		this.statement.bind(name, value);
		return this;
	}

	@Override
	public Statement bindNull(int index, Class<?> type) {
		this.statement.bindNull(index, type);
		return this;
	}

	@Override
	public Statement bindNull(String name, Class<?> type) {
		this.statement.bindNull(name, type);
		return this;
	}

	@Override
	public Statement returnGeneratedValues(String... columns) {
		this.statement.returnGeneratedValues(columns);
		return this;
	}

	@Override
	public Statement fetchSize(int rows) {
		this.statement.fetchSize(rows);
		return this;
	}

	@Override
	public Statement unwrap() {
		return this.statement;
	}

}
