/**
 * Benchmarks of the starter's internals, in their package so that they reach what is package-private there (the
 * benchmarks run on the class path, where a package may span jars); not published, not an API.
 */
@NullMarked
package dev.beryl.cache.spring.internal;

import org.jspecify.annotations.NullMarked;
