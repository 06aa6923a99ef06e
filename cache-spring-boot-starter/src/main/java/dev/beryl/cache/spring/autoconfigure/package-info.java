/**
 * Spring Boot auto-configuration of Beryl and its {@code beryl.cache.*} properties.
 */
@NullMarked
package dev.beryl.cache.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
