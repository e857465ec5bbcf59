/**
 * The benchmark tool ({@code scripts/bench}, issue 6): the routed 1:1 with acks workload against a
 * daemon started in this JVM or an external one, a relay baseline, and the report (table, JSON,
 * PNG). Not part of the daemon: nothing under {@code io.bester.daemon} depends on this package.
 */
package io.bester.bench;
