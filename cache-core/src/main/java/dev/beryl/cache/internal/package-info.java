/**
 * The engine behind every cached call ({@link dev.beryl.cache.internal.CacheEngine}: single flight, budgets, fences,
 * pending invalidations, events) and the helpers that the other modules of Beryl share. Not an API: these types may
 * change without notice in any release.
 */
@NullMarked
package dev.beryl.cache.internal;

import org.jspecify.annotations.NullMarked;
