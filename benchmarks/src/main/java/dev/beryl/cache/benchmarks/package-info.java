/**
 * Benchmarks and fault runs of Beryl; not published, not an API.
 */
@NullMarked
package dev.beryl.cache.benchmarks;

import org.jspecify.annotations.NullMarked;
