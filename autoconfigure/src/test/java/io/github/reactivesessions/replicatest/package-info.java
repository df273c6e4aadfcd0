/**
 * Reads on read replicas: the routing rules, read-your-writes, overrides, skipped
 * replicas, health and metrics, against a real application.
 */
@NullMarked
package io.github.reactivesessions.replicatest;

import org.jspecify.annotations.NullMarked;
