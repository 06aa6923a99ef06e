package dev.beryl.cache.spring.internal;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.beryl.cache.Tags;
import dev.beryl.cache.annotation.CacheScope;
import dev.beryl.cache.internal.KeyRenderer;

/**
 * Who shares the entries of one cache, as its {@code @Cached} methods say: their {@link CacheScope} and their
 * {@code vary} headers. Every operation on the cache keys its entries by it: the lookup, put-through, and
 * invalidation of a key, which reaches every user's and every header value's entry through a tag that each such
 * entry carries.
 * <p>
 * A scoped key puts the scope before the key part: {@code beryl:profile:@"alice":42} for a user,
 * {@code beryl:profile:anonymous:42} for anonymous calls, then each {@code vary} header:
 * {@code beryl:greeting:Accept-Language="de":42}. Credentials never enter a key: a principal's name does; the value
 * of a header whose name says it carries a credential ({@code Authorization}, {@code Cookie}, {@code X-Api-Key},
 * any name with {@code auth}, {@code token}, {@code key}, {@code secret}, {@code session}, {@code password},
 * {@code signature} or {@code credential}) only as a digest.
 */
final class RequestScope {

    static final String AUTHORIZATION = "Authorization";

    private static final List<String> CREDENTIAL_WORDS = List.of("auth", "token", "key", "secret", "session",
            "cookie", "password", "signature", "credential");

    private final String cacheName;

    private final String keyPrefix;

    private final CacheScope scope;

    private final boolean handler;

    private final String[] vary;

    private final boolean[] varySecret;

    private final KeyRenderer keys;

    /**
     * @param scope the scope, {@link CacheScope#AUTO} resolved through the settings
     * @param handler whether the methods are handler methods, of {@code @Controller} beans
     */
    RequestScope(String cacheName, String keyPrefix, CacheScope scope, boolean handler, List<String> vary,
            KeyRenderer keys) {
        this.cacheName = cacheName;
        this.keyPrefix = keyPrefix;
        this.scope = scope;
        this.handler = handler;
        this.vary = vary.toArray(String[]::new);
        this.varySecret = new boolean[this.vary.length];
        for (int i = 0; i < this.vary.length; i++) {
            this.varySecret[i] = carriesCredentials(this.vary[i]);
        }
        this.keys = keys;
    }

    /** Whether a cache needs a scope at all: handler methods, {@code PRINCIPAL}, or headers in the key. */
    static boolean applies(CacheScope scope, boolean handler, List<String> vary) {
        return handler || scope == CacheScope.PRINCIPAL || !vary.isEmpty();
    }

    private static boolean carriesCredentials(String header) {
        String name = header.toLowerCase(Locale.ROOT);
        return CREDENTIAL_WORDS.stream().anyMatch(name::contains);
    }

    CacheScope scope() {
        return this.scope;
    }

    boolean handler() {
        return this.handler;
    }

    boolean varies() {
        return this.vary.length > 0;
    }

    /** Whether entries are kept per user or per header value, so that a key has many entries. */
    boolean perRequest() {
        return this.scope == CacheScope.PRINCIPAL || this.vary.length > 0;
    }

    /** Whether two scopes key entries alike. */
    boolean sameAs(RequestScope other) {
        return this.scope == other.scope && this.handler == other.handler
                && List.of(this.vary).equals(List.of(other.vary));
    }

    /** The tag that every entry of one key part carries, whoever it is for, so that invalidating the key reaches them. */
    String keyTag(String keyPart) {
        return Tags.id(this.keyPrefix, "key:" + this.cacheName + ":" + keyPart);
    }

    /**
     * What goes before the key part for this request: the principal (for {@link CacheScope#PRINCIPAL}) and each
     * {@code vary} header's value, each followed by {@code :}; empty for a shared entry without headers; {@code null}
     * when the request must not touch the cache.
     * @param request the request, or {@code null} for a call outside one
     */
    @Nullable String part(@Nullable RequestView request) {
        String principal = (request != null) ? request.principalName()
                : (this.scope == CacheScope.PRINCIPAL) ? Principals.current() : null;
        boolean authorization = request != null && request.header(AUTHORIZATION) != null;
        StringBuilder part = null;
        if (this.scope == CacheScope.AUTO) {
            if (this.handler && (authorization || principal != null)) {
                return null;
            }
        }
        else if (this.scope == CacheScope.PRINCIPAL) {
            part = new StringBuilder(32);
            if (principal == null) {
                if (authorization) {
                    // Someone Beryl cannot see: not the anonymous entry.
                    return null;
                }
                part.append("anonymous:");
            }
            else if (principal.isEmpty()) {
                // A principal without a name cannot be told from another.
                return null;
            }
            else {
                part.append('@');
                this.keys.appendTo(part, principal);
                part.append(':');
            }
        }
        if (this.vary.length == 0) {
            return (part != null) ? part.toString() : "";
        }
        part = (part != null) ? part : new StringBuilder(32);
        for (int i = 0; i < this.vary.length; i++) {
            String value = (request != null) ? request.header(this.vary[i]) : null;
            part.append(this.vary[i]).append('=');
            if (this.varySecret[i] && value != null) {
                part.append(this.keys.ofSecret(value));
            }
            else {
                this.keys.appendTo(part, value);
            }
            part.append(':');
        }
        return part.toString();
    }
}
