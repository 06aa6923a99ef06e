/**
 * Benchmarks and fault runs of Beryl; not published, not an API.
 */
@NullMarked
package dev.beryl.cache.benchmarks.faults;

import org.jspecify.annotations.NullMarked;
