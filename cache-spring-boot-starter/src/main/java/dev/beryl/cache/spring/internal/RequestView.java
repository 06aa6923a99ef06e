package dev.beryl.cache.spring.internal;

import org.jspecify.annotations.Nullable;

/**
 * What a cached handler needs of the HTTP request it answers, and of its response: request headers, who is asking,
 * and a way to add response headers or answer {@code 304}. Implemented for Spring MVC ({@link ServletRequestView})
 * and WebFlux ({@link ExchangeRequestView}), so that the rules in {@link HttpCaching} know neither.
 */
interface RequestView {

    /** The values of a request header joined by {@code ", "}, or {@code null} when the request lacks it. */
    @Nullable String header(String name);

    /**
     * The name of the authenticated principal: a non-anonymous Spring Security {@code Authentication}, else the
     * request's own principal; {@code null} when the request is anonymous. The name may be empty.
     */
    @Nullable String principalName();

    /** Whether the request is a {@code GET} or a {@code HEAD}, which a {@code 304} may answer. */
    boolean isSafeRead();

    /** Sets a response header, unless the response is committed already. */
    void setResponseHeader(String name, String value);

    /** Sets the response status to {@code 304 Not Modified}, for a handler whose body is then left out. */
    void notModified();
}
