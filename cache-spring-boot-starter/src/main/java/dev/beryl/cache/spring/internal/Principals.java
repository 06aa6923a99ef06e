package dev.beryl.cache.spring.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.ClassUtils;

/**
 * Who Spring Security says the current thread acts for, when Spring Security is on the classpath: the name of an
 * authenticated, non-anonymous {@link Authentication}. Its classes are touched only when they are present.
 */
final class Principals {

    private static final boolean SECURITY = ClassUtils.isPresent(
            "org.springframework.security.core.context.SecurityContextHolder", Principals.class.getClassLoader());

    private Principals() {
    }

    /** The principal's name (possibly empty), or {@code null} when nobody, or an anonymous user, is signed in. */
    static @Nullable String current() {
        return SECURITY ? Security.current() : null;
    }

    /** The name of an authenticated, non-anonymous {@link Authentication}, or {@code null}. */
    static @Nullable String name(Authentication authentication) {
        return Security.name(authentication);
    }

    private static final class Security {

        private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

        static @Nullable String current() {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            return name(authentication);
        }

        static @Nullable String name(@Nullable Authentication authentication) {
            if (authentication == null || !authentication.isAuthenticated() || TRUST.isAnonymous(authentication)) {
                return null;
            }
            String name = authentication.getName();
            return (name != null) ? name : "";
        }
    }
}
