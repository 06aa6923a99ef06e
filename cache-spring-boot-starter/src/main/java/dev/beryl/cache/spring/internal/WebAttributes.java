package dev.beryl.cache.spring.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.stereotype.Controller;

import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.spring.CacheConfigurationException;

/**
 * Reads what {@code @Cached} says about the HTTP requests a method answers, for the {@link CacheAnnotationParser}:
 * its scope and {@code vary} headers, checked; whether the method is a handler and how its response is shaped; and
 * refuses a method that writes to the response itself. Spring's web types are looked up by name, so that spring-web
 * need not be on the classpath.
 */
final class WebAttributes {

    /** Parameters through which a method writes to the HTTP response itself. */
    private static final String[] RESPONSE_TYPES = { "jakarta.servlet.ServletResponse",
            "org.springframework.http.server.ServerHttpResponse",
            "org.springframework.http.server.reactive.ServerHttpResponse", "java.io.OutputStream",
            "java.io.Writer" };

    private static final String HTTP_ENTITY = "org.springframework.http.HttpEntity";

    private static final String RESPONSE_BODY = "org.springframework.web.bind.annotation.ResponseBody";

    /** An HTTP field name: a token (RFC 9110, section 5.6.2). */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    private WebAttributes() {
    }

    /**
     * What {@code @Cached} says about HTTP requests: its scope and {@code vary} headers, checked; whether the method
     * is a handler, and how its response is shaped. Refuses a method that writes to the response itself.
     */
    static ParsedEntry.Web of(Cached cached, Method method, Class<?> userClass, String where) {

        List<String> vary = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String header : cached.vary()) {
            String name = header.trim();
            if (!HEADER_NAME.matcher(name).matches()) {
                throw new CacheConfigurationException(where + ": vary '" + header + "' is not a request header name",
                        "Name request headers, e.g. vary = \"Accept-Language\".");
            }
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw new CacheConfigurationException(where + ": vary names header '" + name + "' twice",
                        "Name each header once.");
            }
            vary.add(name);
        }
        boolean handler = AnnotatedElementUtils.hasAnnotation(userClass, Controller.class);
        // A handler's OutputStream or Writer parameter writes the response body; a service's is its own business.
        checkNoResponseParameter(method, where, handler);
        boolean async = AsyncReturn.of(method) != null;
        return new ParsedEntry.Web(cached.scope(), vary, handler, async, body(method, userClass, async));
    }

    /** How a handler's response is shaped: a {@code ResponseEntity}, a {@code @ResponseBody} value, or neither. */
    private static HttpCaching.Body body(Method method, Class<?> userClass, boolean async) {
        AsyncReturn asyncReturn = async ? AsyncReturn.of(method) : null;
        Class<?> returnType = (asyncReturn != null) ? ResolvableType
                .forType(asyncReturn.valueType(ResolvableType.forMethodReturnType(method, userClass))).toClass()
                : method.getReturnType();
        if (returnType.isPrimitive()) {
            return HttpCaching.Body.OTHER;
        }
        if (CacheAnnotationParser.isAssignable(HTTP_ENTITY, returnType)) {
            return HttpCaching.Body.ENTITY;
        }
        boolean responseBody = MergedAnnotations.from(method, SearchStrategy.TYPE_HIERARCHY).isPresent(RESPONSE_BODY)
                || MergedAnnotations.from(userClass, SearchStrategy.TYPE_HIERARCHY).isPresent(RESPONSE_BODY);
        return responseBody ? HttpCaching.Body.VALUE : HttpCaching.Body.OTHER;
    }

    /**
     * Refuses a cached method that receives the response to write to: what it writes there would be missing from
     * every answer the cache gives.
     */
    private static void checkNoResponseParameter(Method method, String where, boolean handler) {
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            for (String response : RESPONSE_TYPES) {
                boolean streamOfAHandler = response.startsWith("java.io.");
                if ((handler || !streamOfAHandler) && CacheAnnotationParser.isAssignable(response, types[i])) {
                    throw new CacheConfigurationException(where + ": parameter " + (i + 1) + " ("
                            + types[i].getSimpleName() + ") gives the method the response to write to, which a "
                            + "cached answer would not do: headers, cookies and status written there would be "
                            + "missing whenever the cache answers", "Return a ResponseEntity with the status and "
                                    + "headers instead of writing to the response, or remove @Cached.");
                }
            }
        }
    }
}
