/**
 * The example quotes service: a WebFlux application whose {@code Mono} and {@code Flux} handlers are cached.
 */
@NullMarked
package dev.beryl.cache.examples.reactive;

import org.jspecify.annotations.NullMarked;
