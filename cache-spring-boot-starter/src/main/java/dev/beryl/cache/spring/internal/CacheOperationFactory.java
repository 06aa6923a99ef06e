package dev.beryl.cache.spring.internal;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.annotation.CacheScope;
import dev.beryl.cache.annotation.SingleFlight;
import dev.beryl.cache.internal.CacheDefinition;
import dev.beryl.cache.internal.EntryPolicy;
import dev.beryl.cache.internal.KeyRenderer;
import dev.beryl.cache.key.CacheKeyGenerator;
import dev.beryl.cache.spring.CacheConfigurationException;

/**
 * Turns a {@link ParsedMethod} into the {@link MethodCachePlan} that its calls run, checking it against the
 * application: that its backends exist, support tags where tags are given and can hold its value type, that its
 * expressions compile and name what exists, that its key generator is a bean, and that its parameters can make a
 * default key. Everything an operation needs is resolved here, once: caches, key rules, the backends of tag
 * invalidations.
 * <p>
 * A put takes its ttl and backend from the {@code @Cached} methods of its cache, and an invalidation addresses the
 * cache they fill; so before the first put or invalidation is built, the caches of every annotated method are
 * registered in the {@link CacheCatalogue}, those of {@code @Cached} first. The order in which beans and methods
 * are built does not matter.
 */
public final class CacheOperationFactory {

    private static final boolean WEB = ClassUtils.isPresent("org.springframework.http.HttpEntity",
            CacheOperationFactory.class.getClassLoader());

    private static final Pattern TARGET_REFERENCE = Pattern.compile("#root\\.target(?!Class)\\b");

    private final CacheCatalogue catalogue;

    private final @Nullable BeanFactory beanFactory;

    private final @Nullable CacheKeyGenerator defaultKeyGenerator;

    private final Supplier<? extends Collection<ParsedMethod>> everyAnnotatedMethod;

    private final CachedExpressions expressions;

    private final KeyRenderer keys;

    private volatile boolean cachesRegistered;

    /** Whether the application is a WebFlux one, whose handlers' requests only publishers can see. */
    private boolean reactiveWeb;

    /**
     * @param beanFactory resolves {@code @bean} references in expressions and key generators by name
     * @param defaultKeyGenerator makes the keys of annotations without {@code key} or {@code keyGenerator}, or
     * {@code null} for the default rendering of the arguments
     * @param beans the annotated methods of every bean, whose caches are registered before the first put or
     * invalidation is built
     * @param keys renders the keys and tags of every call, with the application's memo of digests
     */
    public CacheOperationFactory(CacheCatalogue catalogue, @Nullable BeanFactory beanFactory,
            @Nullable CacheKeyGenerator defaultKeyGenerator, AnnotatedBeanMethods beans, KeyRenderer keys) {
        this.catalogue = catalogue;
        this.beanFactory = beanFactory;
        this.defaultKeyGenerator = defaultKeyGenerator;
        this.everyAnnotatedMethod = beans::methods;
        this.expressions = new CachedExpressions(beanFactory, ClassUtils.getDefaultClassLoader());
        this.keys = keys;
    }

    /** Says that the application is a WebFlux one. */
    public void reactiveWeb(boolean reactiveWeb) {
        this.reactiveWeb = reactiveWeb;
    }

    /**
     * Registers the caches that these methods fill: those of {@code @Cached} first, then those of {@code @CachePut},
     * which take the ttl and backend of the {@code @Cached} caches of their name.
     * @throws CacheConfigurationException if a backend is unknown or cannot hold a method's values, or one cache
     * name would mean two things
     */
    synchronized void registerCaches(Collection<ParsedMethod> methods) {
        for (ParsedMethod method : methods) {
            if (method.cached() != null) {
                register(method, method.cached());
            }
        }
        for (ParsedMethod method : methods) {
            if (method.put() != null) {
                register(method, method.put());
            }
        }
        this.cachesRegistered = true;
    }

    /**
     * The plan of a method's annotations.
     * @throws CacheConfigurationException if the annotations do not fit the application
     */
    MethodCachePlan build(ParsedMethod method) {
        if (!this.cachesRegistered && (method.put() != null || !method.invalidations().isEmpty())) {
            registerCaches(this.everyAnnotatedMethod.get());
        }
        MethodArguments arguments = this.expressions.arguments(method.method());
        ParsedEntry cached = method.cached();
        ParsedEntry put = method.put();
        AsyncReturn async = AsyncReturn.of(method.method());
        CachedOperation lookup = (cached != null) ? lookup(method, cached, arguments, async) : null;
        PutOperation write = (put != null)
                ? new PutOperation(entry(method, put, arguments), this.catalogue.scopeOf(put.name())) : null;
        List<InvalidateOperation> invalidations = new ArrayList<>();
        for (ParsedInvalidation invalidation : method.invalidations()) {
            invalidations.add(invalidation(invalidation, arguments));
        }
        return new MethodCachePlan(method.description(), lookup, write, invalidations, this.expressions, arguments,
                async);
    }

    private CachedOperation lookup(ParsedMethod method, ParsedEntry cached, MethodArguments arguments,
            @Nullable AsyncReturn async) {
        EntrySpec entry = entry(method, cached, arguments);
        HttpSettings settings = this.catalogue.defaults().http();
        ParsedEntry.Web web = cached.web();
        RequestScope scope = this.catalogue.scopeOf(cached.name());
        checkStaleWindows(method, cached, scope);
        if (scope != null && async != null && !async.seesWebFluxRequest() && this.reactiveWeb && web.handler()
                && (scope.scope() != CacheScope.SHARED || scope.varies())) {
            throw new CacheConfigurationException(cached.where() + ": a WebFlux handler that returns a "
                    + method.method().getReturnType().getSimpleName() + " cannot show Beryl the request it answers, "
                    + "so scope " + scope.scope() + (scope.varies() ? " and vary" : "") + " cannot keep users apart",
                    "Return a Mono, or say scope = CacheScope.SHARED (without vary) if the answer is the same for "
                            + "everyone.");
        }
        HttpCaching http = (scope != null) ? new HttpCaching(entry, scope, settings, web.body(),
                HttpCaching.envelopes(web.handler(), web.async(), web.body(), settings), this.keys, async) : null;
        return new CachedOperation(entry, keyTellsTargetsApart(cached), async, http);
    }

    /** The cache an annotation fills, registered (again, for a method whose caches were registered already). */
    private CacheDefinition register(ParsedMethod method, ParsedEntry entry) {
        CacheDefinition cache = define(entry);
        this.catalogue.register(cache, entry.annotation(), method.owner(), method.description(),
                entry.namedExplicitly());
        this.catalogue.recordUse(entry.name(), new CacheCatalogue.Use(entry.annotation(), method.description(),
                (entry.keyGenerator() != null) ? "keyGenerator " + entry.keyGenerator() : entry.key(), entry.tags()));
        if (!entry.isPut()) {
            registerScope(entry, cache);
        }
        return cache;
    }

    /**
     * Records who shares the entries that a {@code @Cached} method fills, where anything but "everyone, whatever the
     * request" applies. Entries kept per user or header value need a backend with tags, through which an invalidation
     * of a key reaches all of them.
     */
    private void registerScope(ParsedEntry entry, CacheDefinition cache) {
        ParsedEntry.Web web = entry.web();
        HttpSettings settings = this.catalogue.defaults().http();
        CacheScope scope = (web.scope() == CacheScope.AUTO) ? settings.defaultScope() : web.scope();
        if (!RequestScope.applies(scope, web.handler(), web.vary())) {
            return;
        }
        RequestScope requestScope = new RequestScope(entry.name(), this.catalogue.defaults().keyPrefix(), scope,
                web.handler(), web.vary(), this.keys);
        if (requestScope.perRequest() && !cache.backend().supportsTags()) {
            throw new CacheConfigurationException(entry.where() + ": backend '" + cache.backendName() + "' does not "
                    + "support tags, which entries kept per user or per header value need, so that invalidating a key "
                    + "removes every user's entry", "Use a backend with tags, such as 'memory' or 'redis'.");
        }
        this.catalogue.registerScope(entry.name(), requestScope, entry.where());
    }

    /** Put-through keeps the ttl and backend of the cache already filled under its name unless it names its own. */
    private CacheDefinition define(ParsedEntry entry) {
        CacheDefaults defaults = this.catalogue.defaults();
        CacheDefinition existing = entry.isPut() ? this.catalogue.find(entry.name()) : null;
        Duration ttl = (entry.ttl() != null) ? entry.ttl() : (existing != null) ? existing.ttl() : defaults.ttl();
        String backendName = (entry.backend() != null) ? entry.backend()
                : (existing != null) ? existing.backendName() : defaults.backend();
        String backendUse = (entry.backend() != null || existing != null) ? entry.where() + ": backend"
                : entry.where() + ": backend (from beryl.cache.default-backend)";
        CacheBackend backend = this.catalogue.backends().resolve(backendName, backendUse);
        Type storedType = (existing != null && CachedResponse.holdsResponses(existing))
                ? CachedResponse.typeOf(entry.valueType()) : storedType(entry, defaults.http());
        checkValueType(backend, backendName, storedType, entry.where());
        checkTags(entry.tags(), backend, backendName, entry.where());
        EntryPolicy policy = entry.isPut() ? ((existing != null) ? existing.policy() : EntryPolicy.NONE)
                : policy(entry.freshness(), defaults);
        return new CacheDefinition(entry.name(), this.catalogue.namespace(entry.name()), backendName, backend, ttl,
                storedType, entry.cacheNull(), this.catalogue.counters(entry.name(), backendName, backend), policy);
    }

    /** The entry policy of a {@code @Cached} method; put-through stores entries in the shape its cache reads. */
    private static EntryPolicy policy(ParsedEntry.Freshness freshness, CacheDefaults defaults) {
        boolean global = (freshness.singleFlight() == SingleFlight.DEFAULT) ? defaults.globalFlight()
                : freshness.singleFlight() == SingleFlight.GLOBAL;
        return (!freshness.stale() && !global) ? EntryPolicy.NONE
                : new EntryPolicy(freshness.staleWhileRevalidate(), freshness.staleIfError(), global);
    }

    /**
     * Checks that a method's stale windows fit it: a refresh in the background, which runs after the request has
     * ended and without the caller's security context, serves neither entries kept per user nor methods that take
     * the request.
     */
    private static void checkStaleWindows(ParsedMethod method, ParsedEntry cached, @Nullable RequestScope scope) {
        ParsedEntry.Freshness freshness = cached.freshness();
        if (!freshness.stale()) {
            return;
        }
        if (freshness.staleWhileRevalidate().isZero()) {
            return;
        }
        if (scope != null && scope.scope() == CacheScope.PRINCIPAL) {
            throw new CacheConfigurationException(cached.where() + ": staleWhileRevalidate refreshes entries in the "
                    + "background, without the caller's security context, so it cannot refresh an entry kept per "
                    + "user (scope PRINCIPAL)", "Remove staleWhileRevalidate, or use staleIfError, which runs the "
                            + "method in the caller's thread.");
        }
        for (Class<?> parameter : method.method().getParameterTypes()) {
            UnkeyableTypes.Unkeyable request = UnkeyableTypes.of(parameter);
            if (request != null) {
                throw new CacheConfigurationException(cached.where() + ": staleWhileRevalidate refreshes entries in "
                        + "the background, after the call has returned, but " + request.reason(),
                        "Remove staleWhileRevalidate, or pass the method only the values it needs.");
            }
        }
    }

    /**
     * The type of the values an annotation stores: the method's value type, or a {@link CachedResponse} of it for a
     * handler whose entries keep an entity tag and their expiry.
     */
    private static Type storedType(ParsedEntry entry, HttpSettings settings) {
        ParsedEntry.Web web = entry.web();
        if (!HttpCaching.envelopes(web.handler(), web.async(), web.body(), settings)) {
            return entry.valueType();
        }
        return CachedResponse.typeOf(entry.valueType());
    }

    /** Which responses an annotation may store, or {@code null} for a method whose values are never responses. */
    private static @Nullable ResponsePolicy responses(ParsedEntry entry, HttpSettings settings) {
        if (!WEB) {
            return null;
        }
        Class<?> type = ResolvableType.forType(entry.valueType()).toClass();
        return ResponsePolicy.mayHold(type) ? new ResponsePolicy(settings.cacheErrorResponses()) : null;
    }

    private EntrySpec entry(ParsedMethod method, ParsedEntry entry, MethodArguments arguments) {
        CacheDefinition cache = register(method, entry);
        String where = entry.where();
        return new EntrySpec(cache, method.description(),
                keyRule(entry.key(), entry.keyGenerator(), arguments, where, entry.resultInKey()),
                optional(entry.condition(), "condition", arguments, where, entry.resultInKey()),
                optional(entry.unless(), "unless", arguments, where, true),
                tags(entry.tags(), arguments, where, true), responses(entry, this.catalogue.defaults().http()));
    }

    private InvalidateOperation invalidation(ParsedInvalidation invalidation, MethodArguments arguments) {
        String where = invalidation.where();
        boolean resultAllowed = !invalidation.beforeInvocation();
        if (invalidation.backend() != null) {
            checkTags(invalidation.tags(), this.catalogue.backends().resolve(invalidation.backend(),
                    where + ": backend"), invalidation.backend(), where);
        }
        KeyRule key = invalidation.removesKey() ? keyRule(invalidation.key(), invalidation.keyGenerator(),
                arguments, where, resultAllowed) : null;
        CacheExpression condition = optional(invalidation.condition(), "condition", arguments, where, resultAllowed);
        TagRule tags = tags(invalidation.tags(), arguments, where, resultAllowed);
        CacheDefinition cache = (invalidation.name() != null)
                ? this.catalogue.cacheNamed(invalidation.name(), invalidation.backend()) : null;
        TagTargets tagTargets = tags.isEmpty() ? TagTargets.NONE
                : this.catalogue.tagTargets(invalidation.backend());
        RequestScope scope = (cache != null) ? this.catalogue.scopeOf(cache.name()) : null;
        if (invalidation.name() != null) {
            this.catalogue.recordUse(invalidation.name(), new CacheCatalogue.Use("@CacheInvalidate",
                    where.substring(where.indexOf(" on ") + 4), invalidation.allEntries() ? "(all entries)"
                            : invalidation.key(), invalidation.tags()));
        }
        return new InvalidateOperation(where, invalidation.name(), cache, scope, key, invalidation.allEntries(),
                invalidation.beforeInvocation(), invalidation.backend(), condition, tags, tagTargets);
    }

    private static void checkTags(List<String> tags, CacheBackend backend, String backendName, String where) {
        if (!tags.isEmpty() && !backend.supportsTags()) {
            throw new CacheConfigurationException(where + ": backend '" + backendName + "' does not support tags",
                    "Remove tags, or use a backend with tags such as 'memory' or 'redis'.");
        }
    }

    private static void checkValueType(CacheBackend backend, String backendName, Type valueType, String where) {
        try {
            backend.checkValueType(valueType);
        }
        catch (IllegalArgumentException ex) {
            throw new CacheConfigurationException(where + ": backend '" + backendName + "' cannot cache values of "
                    + "type " + valueType.getTypeName() + ": " + ex.getMessage(), "Declare concrete types, in the "
                            + "return type and in what it holds; annotate an interface or abstract class with "
                            + "@JsonTypeInfo; or cache this method in memory: backend = \"memory\".", ex);
        }
    }

    private KeyRule keyRule(String key, @Nullable String keyGenerator, MethodArguments arguments, String where,
            boolean resultAllowed) {
        if (StringUtils.hasText(key)) {
            CacheExpression expression = this.expressions.parse(where, "key", key, arguments, resultAllowed);
            int argument = CachedExpressions.argumentIndex(key, arguments);
            return (argument >= 0) ? KeyRule.argument(this.keys, argument)
                    : KeyRule.expression(this.keys, expression);
        }
        if (keyGenerator != null) {
            return KeyRule.generator(keyGenerator(keyGenerator, where));
        }
        if (this.defaultKeyGenerator != null) {
            return KeyRule.generator(this.defaultKeyGenerator);
        }
        for (int i = 0; i < arguments.count(); i++) {
            UnkeyableTypes.Unkeyable unkeyable = UnkeyableTypes.of(arguments.type(i));
            if (unkeyable != null) {
                throw new CacheConfigurationException(where + ": parameter " + arguments.describe(i)
                        + " cannot be part of the default key: " + unkeyable.reason(), unkeyable.action());
            }
        }
        boolean[] secret = CredentialParameters.of(arguments);
        return (secret != null) ? KeyRule.allArguments(this.keys, secret) : KeyRule.allArguments(this.keys);
    }

    private boolean keyTellsTargetsApart(ParsedEntry entry) {
        return entry.keyGenerator() != null
                || (!StringUtils.hasText(entry.key()) && this.defaultKeyGenerator != null)
                || TARGET_REFERENCE.matcher(entry.key()).find();
    }

    private CacheKeyGenerator keyGenerator(String name, String where) {
        try {
            if (this.beanFactory == null) {
                throw new NoSuchBeanDefinitionException(name);
            }
            return this.beanFactory.getBean(name, CacheKeyGenerator.class);
        }
        catch (RuntimeException ex) {
            throw new CacheConfigurationException(where + ": keyGenerator '" + name
                    + "' is not a CacheKeyGenerator bean (" + ex.getMessage() + ")",
                    "Define a CacheKeyGenerator bean of that name, or correct the name.", ex);
        }
    }

    private @Nullable CacheExpression optional(String text, String attribute, MethodArguments arguments, String where,
            boolean resultAllowed) {
        return StringUtils.hasText(text) ? this.expressions.parse(where, attribute, text, arguments, resultAllowed)
                : null;
    }

    private TagRule tags(List<String> tags, MethodArguments arguments, String where, boolean resultAllowed) {
        if (tags.isEmpty()) {
            return TagRule.NONE;
        }
        List<CacheExpression> parsed = new ArrayList<>();
        for (String tag : tags) {
            parsed.add(this.expressions.parse(where, "tags", tag, arguments, resultAllowed));
        }
        return new TagRule(parsed, this.catalogue.defaults().keyPrefix(), this.keys);
    }
}
