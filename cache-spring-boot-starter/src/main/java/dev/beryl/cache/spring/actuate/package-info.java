/**
 * Beryl in Spring Boot Actuator: the {@code beryl} endpoint, which lists and empties caches, and the {@code beryl}
 * health contributor, which tells whether each backend answers.
 */
@NullMarked
package dev.beryl.cache.spring.actuate;

import org.jspecify.annotations.NullMarked;
