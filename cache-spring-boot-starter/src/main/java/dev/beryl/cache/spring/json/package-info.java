/**
 * Jackson support for Spring's web types in cached values.
 */
@NullMarked
package dev.beryl.cache.spring.json;

import org.jspecify.annotations.NullMarked;
