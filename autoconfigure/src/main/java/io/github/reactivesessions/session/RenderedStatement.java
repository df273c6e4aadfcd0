package io.github.reactivesessions.session;

import org.springframework.r2dbc.core.PreparedOperation;
import org.springframework.r2dbc.core.binding.BindTarget;
import org.springframework.r2dbc.core.binding.Bindings;

/**
 * SQL rendered earlier, with the bindings of one call: what {@link SelectStatements}
 * and {@link InsertStatementCache} hand to the template in place of a statement Spring
 * Data would build and render again.
 *
 * @param sql the rendered SQL, with the bind markers of the template's dialect
 * @param bindings the values of this call
 */
record RenderedStatement(String sql, Bindings bindings) implements PreparedOperation<String> {

	@Override
	public String getSource() {
		return this.sql;
	}

	@Override
	public void bindTo(BindTarget target) {
		this.bindings.apply(target);
	}

	@Override
	public String toQuery() {
		return this.sql;
	}

}
