package dev.beryl.cache.spring.internal;

import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedMethod;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;

/**
 * Finds the parameters of a handler method that receive credentials: a {@code @RequestHeader} named
 * {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie} or {@code Set-Cookie} (in any case; the
 * parameter's name when the annotation names no header), or any {@code @CookieValue}. A default key shows them
 * only as digests. The annotations are looked up by name, so that spring-web need not be on the classpath.
 */
final class CredentialParameters {

    private static final String REQUEST_HEADER = "org.springframework.web.bind.annotation.RequestHeader";

    private static final String COOKIE_VALUE = "org.springframework.web.bind.annotation.CookieValue";

    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie",
            "set-cookie");

    private CredentialParameters() {
    }

    /** Which of the parameters that a key sees hold credentials, or {@code null} if none does. */
    static boolean @Nullable [] of(MethodArguments arguments) {
        boolean[] secret = null;
        @Nullable String[] parameterNames = arguments.names();
        MethodParameter[] parameters = new AnnotatedMethod(arguments.method()).getMethodParameters();
        for (int i = 0; i < arguments.count(); i++) {
            String name = (parameterNames != null) ? parameterNames[i] : null;
            if (holdsCredentials(parameters[i], name)) {
                secret = (secret != null) ? secret : new boolean[arguments.count()];
                secret[i] = true;
            }
        }
        return secret;
    }

    private static boolean holdsCredentials(MethodParameter parameter, @Nullable String parameterName) {
        MergedAnnotations annotations = MergedAnnotations.from(parameter, parameter.getParameterAnnotations());
        if (annotations.isPresent(COOKIE_VALUE)) {
            return true;
        }
        MergedAnnotation<?> header = annotations.get(REQUEST_HEADER);
        if (!header.isPresent()) {
            return false;
        }
        String name = header.getString("name");
        if (name.isEmpty()) {
            name = (parameterName != null) ? parameterName : "";
        }
        return CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }
}
