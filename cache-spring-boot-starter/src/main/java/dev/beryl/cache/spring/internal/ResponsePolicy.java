package dev.beryl.cache.spring.internal;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * Which HTTP responses a cache may keep. A response that sets a cookie, or whose {@code Cache-Control} says
 * {@code private} or {@code no-store}, belongs to the request that got it: it is never stored, and never handed to
 * another caller that waited for the same load. A {@code ResponseEntity} whose status is not 2xx is not stored
 * either, unless {@code beryl.cache.http.cache-error-responses} is {@code true}. Values that are not
 * {@link HttpEntity HttpEntities} are not this policy's business. Used only where spring-web is on the classpath.
 *
 * @param cacheErrorResponses whether a response whose status is not 2xx may be stored
 */
record ResponsePolicy(boolean cacheErrorResponses) {

    /** Whether the value is a response of this request alone. */
    boolean isPrivate(@Nullable Object value) {
        if (!(value instanceof HttpEntity<?> entity)) {
            return false;
        }
        HttpHeaders headers = entity.getHeaders();
        if (headers.containsHeader(HttpHeaders.SET_COOKIE) || headers.containsHeader("Set-Cookie2")) {
            return true;
        }
        List<String> cacheControl = headers.get(HttpHeaders.CACHE_CONTROL);
        if (cacheControl == null) {
            return false;
        }
        for (String field : cacheControl) {
            for (String directive : field.split(",")) {
                int equals = directive.indexOf('=');
                String name = ((equals >= 0) ? directive.substring(0, equals) : directive).trim()
                        .toLowerCase(Locale.ROOT);
                if (name.equals("private") || name.equals("no-store")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the value may be stored: it is not private, and it is a success or errors may be stored. */
    boolean isStorable(@Nullable Object value) {
        if (isPrivate(value)) {
            return false;
        }
        return this.cacheErrorResponses || !(value instanceof ResponseEntity<?> response)
                || response.getStatusCode().is2xxSuccessful();
    }

    /** Whether values of a declared type may be responses: {@code Object}, {@code HttpEntity} and its kinds. */
    static boolean mayHold(Class<?> type) {
        return HttpEntity.class.isAssignableFrom(type) || type.isAssignableFrom(HttpEntity.class);
    }

    /** Whether the value is a response whose status is not 2xx, which gets no entity tag. */
    static boolean isError(@Nullable Object value) {
        return value instanceof ResponseEntity<?> response && !response.getStatusCode().is2xxSuccessful();
    }
}
