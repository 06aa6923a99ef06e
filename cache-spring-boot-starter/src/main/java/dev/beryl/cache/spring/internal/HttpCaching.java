package dev.beryl.cache.spring.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

import dev.beryl.cache.internal.AsyncMissHandler;
import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.internal.KeyRenderer;
import dev.beryl.cache.internal.MissHandler;
import dev.beryl.cache.key.KeyParts;

/**
 * What {@code @Cached} does about the HTTP request a call answers: who shares the entry and which request headers
 * are part of the key ({@link RequestScope}), and, on handler methods, the {@code Cache-Status} header and the
 * {@code ETag} kept with the entry, with {@code 304 Not Modified} for a matching {@code If-None-Match}. Which
 * responses are never stored or shared is the {@link EntrySpec}'s {@link ResponsePolicy}. Built once per method, at
 * start-up.
 */
final class HttpCaching {

    private static final boolean SERVLET = ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest",
            HttpCaching.class.getClassLoader())
            && ClassUtils.isPresent("org.springframework.web.context.request.ServletRequestAttributes",
                    HttpCaching.class.getClassLoader());

    static final String CACHE_STATUS = "Cache-Status";

    static final String BYPASS = "beryl; fwd=bypass";

    private static final String MISS = "beryl; fwd=miss";

    private static final String MISS_STORED = "beryl; fwd=miss; stored";

    private static final String COLLAPSED = "beryl; fwd=miss; collapsed";

    /** How a handler's response is shaped, which decides whether its entity tag and a {@code 304} can apply. */
    enum Body {

        /** A {@code ResponseEntity} or {@code HttpEntity}: the tag goes into its headers, a 304 replaces it. */
        ENTITY,

        /** A {@code @ResponseBody} value: the tag goes into the response, a 304 leaves the body out. */
        VALUE,

        /** Anything else (a view name, a primitive): neither tag nor 304. */
        OTHER
    }

    private final EntrySpec entry;

    private final RequestScope scope;

    private final HttpSettings settings;

    private final Body body;

    /** Whether entries hold a {@link CachedResponse}: a synchronous handler with an entity tag or Cache-Status. */
    private final boolean envelope;

    private final KeyRenderer keys;

    /**
     * Whether each answer gets its entity tag when it is given: for a method that returns a future or a publisher,
     * whose entries hold the value alone.
     */
    private final boolean tagsEachAnswer;

    private final MissHandler<Exchange> miss;

    private final AsyncMissHandler<Exchange> asyncMiss;

    /**
     * @param scope the method's scope, {@link CacheScope#AUTO} resolved through the settings
     * @param handler whether the method is a handler method, of a {@code @Controller} bean
     * @param envelope whether entries hold a {@link CachedResponse}, see {@link #envelopes}
     */
    HttpCaching(EntrySpec entry, RequestScope scope, HttpSettings settings, Body body, boolean envelope,
            KeyRenderer keys, @Nullable AsyncReturn async) {
        this.entry = entry;
        this.scope = scope;
        this.settings = settings;
        this.body = body;
        this.envelope = envelope;
        this.tagsEachAnswer = async != null && settings.etag() && body != Body.OTHER;
        this.keys = keys;
        this.miss = new MissHandler<>() {

            @Override
            public @Nullable Object load(Exchange exchange) throws Throwable {
                Object value = exchange.call.proceed();
                exchange.loaded = true;
                return wrap(value);
            }

            @Override
            public boolean shareable(Exchange exchange, @Nullable Object result) {
                return entry.shareable(unwrap(result));
            }

            @Override
            public @Nullable Set<String> tagsFor(Exchange exchange, @Nullable Object result) {
                return tagsToStore(exchange, unwrap(result));
            }

            @Override
            public void stored(Exchange exchange) {
                exchange.stored = true;
            }

            @Override
            public void joined(Exchange exchange) {
                exchange.joined = true;
            }

            @Override
            public Exchange detach(Exchange exchange) {
                return exchange.detached();
            }
        };
        this.asyncMiss = new AsyncMissHandler<>() {

            @Override
            public CompletionStage<?> load(Exchange exchange) {
                exchange.loaded = true;
                return CachedOperation.proceed(async, exchange.call.invocation());
            }

            @Override
            public boolean shareable(Exchange exchange, @Nullable Object result) {
                return entry.shareable(result);
            }

            @Override
            public @Nullable Set<String> tagsFor(Exchange exchange, @Nullable Object result) {
                return tagsToStore(exchange, result);
            }

            @Override
            public void stored(Exchange exchange) {
                exchange.stored = true;
            }

            @Override
            public void joined(Exchange exchange) {
                exchange.joined = true;
            }

            @Override
            public Exchange detach(Exchange exchange) {
                return exchange.detached();
            }
        };
    }

    /**
     * The tags to store a result with, or {@code null} to not store it: those of the annotation, and for an entry
     * per user or header value, the tag of its key, through which an invalidation of the key reaches it.
     */
    private @Nullable Set<String> tagsToStore(Exchange exchange, @Nullable Object result) {
        Set<String> tags = this.entry.tagsToStore(exchange.call, result);
        if (tags == null || exchange.part == null) {
            return tags;
        }
        Set<String> withKey = new LinkedHashSet<>(tags);
        withKey.add(this.scope.keyTag(exchange.part));
        return withKey;
    }

    /**
     * Whether the entries of a method hold a {@link CachedResponse}: a synchronous handler method whose responses
     * get an entity tag or a {@code Cache-Status} with the time left.
     */
    static boolean envelopes(boolean handler, boolean async, Body body, HttpSettings settings) {
        return handler && !async && ((settings.etag() && body != Body.OTHER) || settings.cacheStatusHeader());
    }

    /** The request of the current thread, or {@code null} outside a Spring MVC request. */
    static @Nullable RequestView currentRequest() {
        return SERVLET ? ServletRequestView.current() : null;
    }

    /** A call of a method that returns its value. */
    @Nullable Object invoke(CacheEngine engine, MethodInvocation invocation, Call call) throws Throwable {
        RequestView request = currentRequest();
        Exchange exchange = new Exchange(call);
        String key = keyOrNull(engine, request, exchange);
        if (key == null) {
            return invocation.proceed();
        }
        Object value = engine.get(this.entry.cache(), key, exchange, this.miss);
        return respond(request, exchange, value, null);
    }

    /**
     * The full key of a call, or {@code null} when the call must not touch the cache: its scope or condition keeps
     * it away (said in {@code Cache-Status}), or the key could not be made (reported).
     */
    private @Nullable String keyOrNull(CacheEngine engine, @Nullable RequestView request, Exchange exchange) {
        try {
            String scoped = this.scope.part(request);
            if (scoped == null
                    || (this.entry.condition() != null && !this.entry.condition().isTrue(exchange.call))) {
                status(request, BYPASS);
                return null;
            }
            if (scoped.isEmpty()) {
                return this.entry.fullKey(exchange.call);
            }
            String part = this.entry.key().part(exchange.call);
            exchange.part = this.scope.perRequest() ? part : null;
            return KeyParts.fullKey(this.entry.cache().namespace(), scoped + part);
        }
        catch (RuntimeException ex) {
            engine.reportFailure(this.entry.description(), "build the key of a call to " + this.entry.description(),
                    ex);
            return null;
        }
    }

    /**
     * A call of a method that returns a future or a publisher. Its entries hold the value itself, so a hit's
     * {@code Cache-Status} asks the backend how long the entry has left, and the entity tag is computed for each
     * answer rather than once.
     * @param request the request the call answers, or {@code null} outside one
     */
    CompletableFuture<@Nullable Object> invokeAsync(CacheEngine engine, MethodInvocation invocation, Call call,
            @Nullable RequestView request, AsyncReturn async) {
        Exchange exchange = new Exchange(call);
        String key = keyOrNull(engine, request, exchange);
        if (key == null) {
            return CachedOperation.proceed(async, invocation);
        }
        return engine.getAsync(this.entry.cache(), key, exchange, this.asyncMiss).thenCompose((value) -> {
            if (request == null || !this.scope.handler() || !this.settings.cacheStatusHeader() || exchange.loaded
                    || exchange.joined) {
                return CompletableFuture.completedFuture(respond(request, exchange, value, null));
            }
            // A hit's Cache-Status says how long the entry has left, which only the backend knows here; an entry
            // with stale windows is kept for the longest of them after its ttl, and is stale (negative) in it.
            long window = this.entry.cache().stale() ? this.entry.cache().policy().longestWindow().toSeconds() : 0;
            CompletableFuture<@Nullable Long> left = EntryTtls.secondsLeft(this.entry.cache().backend(), key)
                    .thenApply((seconds) -> (seconds != null) ? seconds - window : null);
            if (left.isDone()) {
                return CompletableFuture.completedFuture(respond(request, exchange, value, left.getNow(null)));
            }
            return left.thenApplyAsync((seconds) -> respond(request, exchange, value, seconds), engine.executor());
        });
    }

    /** The value to store for what the method returned: a {@link CachedResponse} where entries hold one. */
    @Nullable Object wrap(@Nullable Object value) {
        if (!this.envelope || value == null || !this.entry.storable(value)) {
            return value;
        }
        String etag = (this.settings.etag() && this.body != Body.OTHER) ? EntityTags.of(value, this.keys) : null;
        return new CachedResponse<>(value, etag,
                System.currentTimeMillis() + this.entry.cache().ttl().toMillis());
    }

    static @Nullable Object unwrap(@Nullable Object value) {
        return (value instanceof CachedResponse<?> response) ? response.value() : value;
    }

    /**
     * What the handler returns for a value from the cache or the method: the value, with its entity tag and
     * {@code Cache-Status}; or, when the request's {@code If-None-Match} matches the tag, a {@code 304}.
     * @param secondsLeft how long the entry has left, for a hit on an entry that holds the value alone
     */
    @Nullable Object respond(@Nullable RequestView request, Exchange exchange, @Nullable Object value,
            @Nullable Long secondsLeft) {
        CachedResponse<?> stored = (value instanceof CachedResponse<?> response) ? response : null;
        Object result = (stored != null) ? stored.value() : value;
        if (request == null || !this.scope.handler()) {
            return result;
        }
        status(request, exchange.loaded ? (exchange.stored ? MISS_STORED : MISS)
                : exchange.joined ? COLLAPSED
                : (stored != null) ? "beryl; hit; ttl=" + stored.secondsLeft(System.currentTimeMillis())
                : (secondsLeft != null) ? "beryl; hit; ttl=" + secondsLeft : "beryl; hit");
        String etag = (stored != null && this.settings.etag()) ? stored.etag()
                : (this.tagsEachAnswer && this.entry.storable(result)) ? EntityTags.of(result, this.keys) : null;
        if (etag == null || this.body == Body.OTHER) {
            return result;
        }
        boolean notModified = request.isSafeRead() && EntityTags.matches(request.header("If-None-Match"), etag);
        if (this.body == Body.ENTITY && result instanceof org.springframework.http.HttpEntity<?> entity) {
            return notModified ? EntityTags.notModified(entity, etag) : EntityTags.tagged(entity, etag);
        }
        request.setResponseHeader("ETag", etag);
        if (notModified) {
            request.notModified();
            return null;
        }
        return result;
    }

    void status(@Nullable RequestView request, String status) {
        if (request != null && this.scope.handler() && this.settings.cacheStatusHeader()) {
            request.setResponseHeader(CACHE_STATUS, status);
        }
    }

    /**
     * One call as the miss handler sees it: its key part where entries are per request, whether this call ran the
     * method, whether the result was stored, and whether it was handed another call's load.
     */
    static final class Exchange {

        final Call call;

        @Nullable String part;

        boolean loaded;

        boolean stored;

        boolean joined;

        Exchange(Call call) {
            this.call = call;
        }

        /** A copy for a background refresh: its own call, and no flags that the caller's answer reads. */
        Exchange detached() {
            Exchange copy = new Exchange(this.call.detached());
            copy.part = this.part;
            return copy;
        }
    }
}
