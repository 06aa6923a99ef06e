/**
 * The in-memory backend, on Caffeine.
 */
@NullMarked
package dev.beryl.cache.memory;

import org.jspecify.annotations.NullMarked;
