/**
 * Benchmarks and fault runs of Beryl; not published, not an API.
 */
@NullMarked
package dev.beryl.cache.benchmarks.http;

import org.jspecify.annotations.NullMarked;
