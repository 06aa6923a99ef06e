/**
 * Ahead-of-time processing and native images: the reflection that Beryl needs at run time, declared at build time.
 */
@NullMarked
package dev.beryl.cache.spring.aot;

import org.jspecify.annotations.NullMarked;
