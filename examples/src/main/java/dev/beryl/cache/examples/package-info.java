/**
 * The example product catalogue application.
 */
@NullMarked
package dev.beryl.cache.examples;

import org.jspecify.annotations.NullMarked;
