/**
 * Helpers that the other packages of Beryl share. Not an API: these types may change in any release.
 */
@NullMarked
package dev.beryl.cache.internal;

import org.jspecify.annotations.NullMarked;
