/**
 * One application with the same routes written three ways, on one pool: with the starter's
 * session, with Spring's template in a {@code TransactionalOperator}, and with a Spring
 * Data repository without a transaction. The field load command drives it.
 */
@NullMarked
package io.github.reactivesessions.benchmarks.field;

import org.jspecify.annotations.NullMarked;
