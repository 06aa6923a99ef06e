/**
 * How cache keys are made: {@link dev.beryl.cache.key.KeyParts} and the {@link dev.beryl.cache.key.CacheKeyGenerator} contract.
 */
@NullMarked
package dev.beryl.cache.key;

import org.jspecify.annotations.NullMarked;
