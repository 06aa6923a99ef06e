package dev.beryl.cache.spring.internal;

import java.lang.reflect.Method;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodClassKey;

/**
 * The cache annotations of one method, as {@link CacheAnnotationParser} read them: immutable, with placeholders
 * resolved, durations parsed and the shape of the method checked, and nothing looked up in the application.
 *
 * @param method the method as its class declares it (the most specific one)
 * @param userClass the class the method was found on, without a CGLIB subclass
 * @param description the method as messages name it, e.g. {@code ProductController.product(long)}
 * @param cached what {@code @Cached} says, if the method has it
 * @param put what {@code @CachePut} says, if the method has it
 * @param invalidations what each {@code @CacheInvalidate} says
 */
record ParsedMethod(Method method, Class<?> userClass, String description, @Nullable ParsedEntry cached,
        @Nullable ParsedEntry put, List<ParsedInvalidation> invalidations) {

    ParsedMethod {
        invalidations = List.copyOf(invalidations);
    }

    /** The method and its class, which tell two methods apart even where their descriptions agree. */
    MethodClassKey owner() {
        return new MethodClassKey(this.method, this.userClass);
    }
}
