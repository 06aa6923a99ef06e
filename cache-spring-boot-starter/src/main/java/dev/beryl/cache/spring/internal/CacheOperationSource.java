package dev.beryl.cache.spring.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.TargetClassAware;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.core.GenericTypeResolver;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.PropertyResolver;
import org.springframework.expression.Expression;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheDefinition;
import dev.beryl.cache.Durations;
import dev.beryl.cache.annotation.CacheInvalidate;
import dev.beryl.cache.annotation.CachePut;
import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.key.CacheKeyGenerator;
import dev.beryl.cache.spring.CacheConfigurationException;

/**
 * Turns the cache annotations of a method ({@code @Cached}, {@code @CachePut}, {@code @CacheInvalidate}) into
 * {@link MethodCachePlan}, once per method and target class, checking every attribute. A bad attribute
 * raises a {@link CacheConfigurationException} that names the annotation, the class, the method, the attribute and
 * its value.
 */
public final class CacheOperationSource {

    private static final Object NONE = new Object();

    /** Past this many methods, calls still find their operations, through the slower map. */
    private static final int MAX_REMEMBERED_METHODS = 4096;

    private static final Pattern TARGET_REFERENCE = Pattern.compile("#root\\.target(?!Class)\\b");

    private static final List<Class<? extends Annotation>> ANNOTATIONS = List.of(Cached.class, CachePut.class,
            CacheInvalidate.class, CacheInvalidate.List.class);

    private static final String[] ASYNC_TYPES = { "java.util.concurrent.Future", "java.util.concurrent.CompletionStage",
            "org.reactivestreams.Publisher", "kotlinx.coroutines.flow.Flow" };

    private final Defaults defaults;

    private final PropertyResolver placeholders;

    private final CacheBackendResolver backends;

    private final CacheRegistry registry;

    private final @Nullable BeanFactory beanFactory;

    private final @Nullable CacheKeyGenerator defaultKeyGenerator;

    private final CachedExpressions expressions;

    private final Map<MethodClassKey, Object> operations = new ConcurrentHashMap<>();

    /**
     * What calls found, by the identity of the {@code Method} a proxy passes (the same instance on every call) and
     * then by the class of the target, so that a call finds its operations without hashing or comparing methods.
     * Copied on write: read on every call, written once per method, proxy class and target class.
     */
    private volatile IdentityHashMap<Method, Resolved> resolved = new IdentityHashMap<>();

    /**
     * @param placeholders resolves {@code ${...}} in annotation attributes, usually the {@code Environment}
     * @param beanFactory resolves {@code @bean} references in expressions and key generators by name
     * @param defaultKeyGenerator makes the keys of annotations without {@code key} or {@code keyGenerator}, or
     * {@code null} for the default rendering of the arguments
     */
    public CacheOperationSource(Defaults defaults, PropertyResolver placeholders, CacheBackendResolver backends,
            CacheRegistry registry, @Nullable BeanFactory beanFactory,
            @Nullable CacheKeyGenerator defaultKeyGenerator) {
        this.defaults = defaults;
        this.placeholders = placeholders;
        this.backends = backends;
        this.registry = registry;
        this.beanFactory = beanFactory;
        this.defaultKeyGenerator = defaultKeyGenerator;
        this.expressions = new CachedExpressions(beanFactory, ClassUtils.getDefaultClassLoader());
    }

    /** Whether the method, as called on the target class, carries a cache annotation. Cheap; builds nothing. */
    public static boolean hasCacheAnnotation(Method method, @Nullable Class<?> targetClass) {
        for (Class<? extends Annotation> type : ANNOTATIONS) {
            if (find(method, targetClass, type) != null) {
                return true;
            }
        }
        return false;
    }

    /** Whether the method carries {@code @Cached}, whose caches are registered before the others are checked. */
    static boolean hasCached(Method method, Class<?> targetClass) {
        return find(method, targetClass, Cached.class) != null;
    }

    /**
     * The operations of a method as called on a target class, or {@code null} if it has none.
     * @throws CacheConfigurationException if an annotation is invalid
     */
    public @Nullable MethodCachePlan get(Method method, Class<?> targetClass) {
        MethodClassKey key = new MethodClassKey(method, targetClass);
        Object operations = this.operations.get(key);
        if (operations == null) {
            MethodCachePlan built = build(method, targetClass);
            operations = (built != null) ? built : NONE;
            Object raced = this.operations.putIfAbsent(key, operations);
            operations = (raced != null) ? raced : operations;
        }
        return (operations != NONE) ? (MethodCachePlan) operations : null;
    }

    /**
     * The operations of a call of {@code method} on {@code target} (a bean, not its proxy), with the target class
     * they were found for. The interceptor's path: after the first call, a lookup by identity.
     * @throws CacheConfigurationException if an annotation is invalid
     */
    Resolved forCall(Method method, Object target) {
        Class<?> type = target.getClass();
        for (Resolved found = this.resolved.get(method); found != null; found = found.next) {
            if (found.type == type) {
                return found;
            }
        }
        Class<?> targetClass = AopProxyUtils.ultimateTargetClass(target);
        MethodCachePlan operations = get(method, targetClass);
        if (target instanceof TargetClassAware) {
            // Its target class may change from call to call: not remembered by its type.
            return new Resolved(type, targetClass, operations, null);
        }
        synchronized (this) {
            IdentityHashMap<Method, Resolved> copy = new IdentityHashMap<>(this.resolved);
            Resolved found = new Resolved(type, targetClass, operations, copy.get(method));
            if (copy.size() < MAX_REMEMBERED_METHODS) {
                copy.put(method, found);
                this.resolved = copy;
            }
            return found;
        }
    }

    private @Nullable MethodCachePlan build(Method method, Class<?> targetClass) {
        Cached cached = find(method, targetClass, Cached.class);
        CachePut put = find(method, targetClass, CachePut.class);
        Set<CacheInvalidate> invalidates = findAll(method, targetClass);
        if (cached == null && put == null && invalidates.isEmpty()) {
            return null;
        }
        Class<?> userClass = ClassUtils.getUserClass(targetClass);
        Method specific = AopUtils.getMostSpecificMethod(method, userClass);
        Target target = new Target(specific, userClass, describe(specific, userClass));
        if (cached != null && put != null) {
            throw new CacheConfigurationException("@Cached and @CachePut on " + target.description
                    + ": a method either answers from the cache or always runs, not both",
                    "Keep @Cached on the read and move @CachePut to the method that writes.");
        }
        checkCallable(target, (cached != null) ? "@Cached" : (put != null) ? "@CachePut" : "@CacheInvalidate");
        CachedOperation lookup = (cached != null) ? cachedOperation(cached, target) : null;
        PutOperation write = (put != null) ? putOperation(put, target) : null;
        List<InvalidateOperation> invalidations = new ArrayList<>();
        for (CacheInvalidate invalidate : invalidates) {
            invalidations.add(invalidateOperation(invalidate, target));
        }
        return new MethodCachePlan(target.description, lookup, write, invalidations, this.expressions,
                this.expressions.parameterNames(target.method));
    }

    private CachedOperation cachedOperation(Cached cached, Target target) {
        EntryAttributes attributes = new EntryAttributes("@Cached", cached.name(), cached.key(),
                cached.keyGenerator(), cached.ttl(), cached.backend(), cached.condition(), cached.unless(),
                cached.cacheNull(), cached.tags(), false);
        return new CachedOperation(entry(attributes, target, null),
                keyTellsTargetsApart(cached.key(), cached.keyGenerator()));
    }

    /** Put-through keeps the ttl and backend of the {@code @Cached} methods of its cache unless it names its own. */
    private PutOperation putOperation(CachePut put, Target target) {
        EntryAttributes attributes = new EntryAttributes("@CachePut", put.name(), put.key(), put.keyGenerator(),
                put.ttl(), put.backend(), put.condition(), put.unless(), put.cacheNull(), put.tags(), true);
        return new PutOperation(entry(attributes, target, this.registry::find));
    }

    /**
     * Builds, checks and registers what an annotation that stores entries stores.
     * @param filled the cache already filled under a name, whose ttl and backend apply where the annotation names
     * none, or {@code null} for the defaults
     */
    private EntrySpec entry(EntryAttributes attributes, Target target,
            @Nullable Function<String, CacheDefinition> filled) {
        String where = attributes.annotation + " on " + target.description;
        Type valueType = valueType(target, where);
        String name = name(attributes.name, target, where);
        CacheDefinition existing = (filled != null) ? filled.apply(name) : null;
        Duration ttl = StringUtils.hasText(attributes.ttl) ? ttl(attributes.ttl, where)
                : (existing != null) ? existing.ttl() : this.defaults.ttl();
        String backendName = StringUtils.hasText(attributes.backend) ? backendName(attributes.backend, where)
                : (existing != null) ? existing.backendName() : this.defaults.backend();
        String backendUse = StringUtils.hasText(attributes.backend) || existing != null ? where + ": backend"
                : where + ": backend (from beryl.cache.default-backend)";
        CacheBackend backend = this.backends.resolve(backendName, backendUse);
        checkValueType(backend, backendName, valueType, where);
        checkTags(attributes.tags, backend, backendName, where);
        CacheDefinition cache = new CacheDefinition(name, namespace(name), backendName, backend, ttl, valueType,
                attributes.cacheNull);
        this.registry.register(cache, attributes.annotation, target.owner(), target.description,
                StringUtils.hasText(attributes.name));
        return new EntrySpec(cache, target.description,
                keyRule(attributes.key, attributes.keyGenerator, target, where, attributes.resultInKey),
                optional(attributes.condition, "condition", target, where, attributes.resultInKey),
                optional(attributes.unless, "unless", target, where, true), tags(attributes.tags, target, where));
    }

    private InvalidateOperation invalidateOperation(CacheInvalidate invalidate, Target target) {
        String where = "@CacheInvalidate on " + target.description;
        boolean resultAllowed = !invalidate.beforeInvocation();
        String name = StringUtils.hasText(invalidate.name()) ? name(invalidate.name(), target, where) : null;
        if (name == null && invalidate.tags().length == 0) {
            throw new CacheConfigurationException(where + ": neither name nor tags say what to invalidate",
                    "Name the cache (with key or allEntries = true), or give tags.");
        }
        if (name == null && (invalidate.allEntries() || StringUtils.hasText(invalidate.key()))) {
            throw new CacheConfigurationException(where + ": key and allEntries need the name of a cache",
                    "Add name = \"...\" for the cache the key belongs to.");
        }
        if (invalidate.allEntries() && StringUtils.hasText(invalidate.key())) {
            throw new CacheConfigurationException(where + ": key '" + invalidate.key()
                    + "' and allEntries = true contradict each other", "Remove key, or allEntries.");
        }
        String backendName = StringUtils.hasText(invalidate.backend()) ? backendName(invalidate.backend(), where)
                : null;
        if (backendName != null) {
            checkTags(invalidate.tags(), this.backends.resolve(backendName, where + ": backend"), backendName, where);
        }
        KeyRule key = (name != null && !invalidate.allEntries())
                ? keyRule(invalidate.key(), invalidate.keyGenerator(), target, where, resultAllowed) : null;
        return new InvalidateOperation(where, name, key, invalidate.allEntries(), invalidate.beforeInvocation(),
                backendName, optional(invalidate.condition(), "condition", target, where, resultAllowed),
                tags(invalidate.tags(), target, where, resultAllowed), this);
    }

    /** The cache that an invalidation of {@code name} addresses: the one methods fill, else one on the backend. */
    public CacheDefinition cacheNamed(String name, @Nullable String backendName) {
        CacheDefinition filled = this.registry.find(name);
        if (filled != null && (backendName == null || backendName.equals(filled.backendName()))) {
            return filled;
        }
        String backend = (backendName != null) ? backendName : this.defaults.backend();
        return new CacheDefinition(name, namespace(name), backend,
                this.backends.resolve(backend, "cache '" + name + "': backend"), this.defaults.ttl(), Object.class,
                false);
    }

    /** The backends that a tag invalidation reaches: the one named, or every resolved backend with tags. */
    public Map<String, CacheBackend> tagBackends(@Nullable String backendName) {
        if (backendName != null) {
            return Map.of(backendName, this.backends.resolve(backendName, "tag invalidation: backend"));
        }
        return this.backends.taggingBackends();
    }

    public Defaults defaults() {
        return this.defaults;
    }

    CacheBackendResolver backends() {
        return this.backends;
    }

    public CacheRegistry registry() {
        return this.registry;
    }

    private String namespace(String name) {
        return this.defaults.keyPrefix() + ":" + name;
    }

    private static <A extends Annotation> @Nullable A find(Method method, @Nullable Class<?> targetClass,
            Class<A> type) {
        Method specific = (targetClass != null) ? AopUtils.getMostSpecificMethod(method, targetClass) : method;
        A annotation = AnnotatedElementUtils.findMergedAnnotation(specific, type);
        if (annotation == null && specific != method) {
            annotation = AnnotatedElementUtils.findMergedAnnotation(method, type);
        }
        return annotation;
    }

    private static Set<CacheInvalidate> findAll(Method method, Class<?> targetClass) {
        Method specific = AopUtils.getMostSpecificMethod(method, targetClass);
        Set<CacheInvalidate> found = AnnotatedElementUtils.findMergedRepeatableAnnotations(specific,
                CacheInvalidate.class);
        if (found.isEmpty() && specific != method) {
            found = AnnotatedElementUtils.findMergedRepeatableAnnotations(method, CacheInvalidate.class);
        }
        return found;
    }

    private static void checkCallable(Target target, String annotation) {
        int modifiers = target.method.getModifiers();
        String problem = Modifier.isStatic(modifiers) ? "static" : Modifier.isPrivate(modifiers) ? "private"
                : Modifier.isFinal(modifiers) ? "final" : null;
        if (problem != null) {
            throw new CacheConfigurationException(annotation + " on " + target.description + ": the method is "
                    + problem + ", so Spring's proxy cannot intercept it",
                    "Make the method public and not " + problem + ".");
        }
    }

    private static Type valueType(Target target, String where) {
        Class<?> returnType = target.method.getReturnType();
        if (returnType == void.class || returnType == Void.class) {
            throw new CacheConfigurationException(where + ": the method returns void, so there is nothing to cache",
                    "Remove the annotation, or return the value to cache.");
        }
        for (String async : ASYNC_TYPES) {
            if (isAssignable(async, returnType)) {
                throw new CacheConfigurationException(where + ": return type " + returnType.getSimpleName()
                        + " is asynchronous, which Beryl does not cache",
                        "Cache the method that computes the value, and wrap it asynchronously outside.");
            }
        }
        return GenericTypeResolver.resolveType(target.method.getGenericReturnType(), target.userClass);
    }

    private static boolean isAssignable(String typeName, Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return ClassUtils.isPresent(typeName, loader)
                && ClassUtils.resolveClassName(typeName, loader).isAssignableFrom(type);
    }

    private static void checkTags(String[] tags, CacheBackend backend, String backendName, String where) {
        if (tags.length > 0 && !backend.supportsTags()) {
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

    private String name(String declared, Target target, String where) {
        String name = StringUtils.hasText(declared) ? resolve(declared, "name", where)
                : target.userClass.getSimpleName() + "." + target.method.getName();
        if (!StringUtils.hasText(name) || name.contains(":")) {
            throw new CacheConfigurationException(where + ": name '" + declared
                    + "' must be non-blank and must not contain ':'",
                    "Choose a name without ':', which separates the parts of a key.");
        }
        String problem = CacheNames.problem(this.defaults.keyPrefix(), name);
        if (problem != null) {
            throw new CacheConfigurationException(where + ": name '" + CacheNames.shown(name) + "' " + problem,
                    "Choose a name of printable characters, short enough for keys of at most 512 bytes.");
        }
        return name;
    }

    private Duration ttl(String declared, String where) {
        String text = resolve(declared, "ttl", where);
        Duration ttl;
        try {
            ttl = Durations.parse(text);
        }
        catch (IllegalArgumentException ex) {
            throw new CacheConfigurationException(where + ": ttl '" + text + "' is not a duration ("
                    + Durations.EXAMPLES + ")", "Set ttl to a duration such as \"60s\".");
        }
        if (ttl.isZero() || ttl.isNegative()) {
            throw new CacheConfigurationException(where + ": ttl '" + text + "' must be positive",
                    "Set ttl to a positive duration such as \"60s\", or remove the annotation to not cache at all.");
        }
        return ttl;
    }

    private String backendName(String declared, String where) {
        return StringUtils.hasText(declared) ? resolve(declared, "backend", where) : this.defaults.backend();
    }

    private KeyRule keyRule(String key, String keyGenerator, Target target, String where, boolean resultAllowed) {
        if (StringUtils.hasText(key) && StringUtils.hasText(keyGenerator)) {
            throw new CacheConfigurationException(where + ": key '" + key + "' and keyGenerator '" + keyGenerator
                    + "' contradict each other", "Keep one of them.");
        }
        if (StringUtils.hasText(key)) {
            Expression expression = this.expressions.parse(where, "key", key, target.method, resultAllowed);
            int argument = this.expressions.argumentIndex(key, target.method);
            return (argument >= 0) ? KeyRule.argument(argument) : KeyRule.expression(expression);
        }
        if (StringUtils.hasText(keyGenerator)) {
            return KeyRule.generator(keyGenerator(keyGenerator, where));
        }
        if (this.defaultKeyGenerator != null) {
            return KeyRule.generator(this.defaultKeyGenerator);
        }
        Class<?>[] types = target.method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            UnkeyableTypes.Unkeyable unkeyable = UnkeyableTypes.of(types[i]);
            if (unkeyable != null) {
                throw new CacheConfigurationException(where + ": parameter " + parameterName(target.method, i)
                        + " cannot be part of the default key: " + unkeyable.reason(), unkeyable.action());
            }
        }
        boolean[] secret = CredentialParameters.of(target.method, this.expressions.parameterNames(target.method));
        return (secret != null) ? KeyRule.allArguments(secret) : KeyRule.allArguments();
    }

    private boolean keyTellsTargetsApart(String key, String keyGenerator) {
        return StringUtils.hasText(keyGenerator) || (!StringUtils.hasText(key) && this.defaultKeyGenerator != null)
                || TARGET_REFERENCE.matcher(key).find();
    }

    private CacheKeyGenerator keyGenerator(String beanName, String where) {
        String name = resolve(beanName, "keyGenerator", where);
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

    private @Nullable Expression optional(String text, String attribute, Target target, String where,
            boolean resultAllowed) {
        return StringUtils.hasText(text) ? this.expressions.parse(where, attribute, text, target.method, resultAllowed)
                : null;
    }

    private TagRule tags(String[] tags, Target target, String where) {
        return tags(tags, target, where, true);
    }

    private TagRule tags(String[] tags, Target target, String where, boolean resultAllowed) {
        if (tags.length == 0) {
            return TagRule.NONE;
        }
        List<Expression> parsed = new ArrayList<>();
        for (String tag : tags) {
            parsed.add(this.expressions.parse(where, "tags", tag, target.method, resultAllowed));
        }
        return new TagRule(parsed, this.defaults.keyPrefix());
    }

    private String parameterName(Method method, int index) {
        @Nullable String[] names = this.expressions.parameterNames(method);
        return (names != null) ? "'" + names[index] + "'" : "#p" + index;
    }

    private String resolve(String text, String attribute, String where) {
        try {
            return this.placeholders.resolveRequiredPlaceholders(text);
        }
        catch (IllegalArgumentException ex) {
            throw new CacheConfigurationException(where + ": " + attribute + " '" + text + "' has a placeholder "
                    + "that cannot be resolved (" + ex.getMessage() + ")",
                    "Define the property, or give the placeholder a default: ${name:60s}.", ex);
        }
    }

    static String describe(Method method, Class<?> targetClass) {
        StringBuilder description = new StringBuilder(targetClass.getSimpleName()).append('.')
                .append(method.getName()).append('(');
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            description.append((i > 0) ? ", " : "").append(types[i].getSimpleName());
        }
        return description.append(')').toString();
    }

    /** The settings that apply where an annotation says nothing. */
    public record Defaults(String backend, Duration ttl, String keyPrefix) {
    }

    /**
     * The operations found for a call.
     * @param type the class of the target object, which identifies it on later calls
     * @param targetClass the class the operations were built for, as Spring AOP names the target's class
     * @param operations the operations, or {@code null} when the method has no cache annotation
     * @param next what the same method found for another target type
     */
    record Resolved(Class<?> type, Class<?> targetClass, @Nullable MethodCachePlan operations,
            @Nullable Resolved next) {
    }

    /**
     * The attributes that {@code @Cached} and {@code @CachePut} share.
     * @param resultInKey whether {@code #result} may appear in {@code key} and {@code condition}
     */
    private record EntryAttributes(String annotation, String name, String key, String keyGenerator, String ttl,
            String backend, String condition, String unless, boolean cacheNull, String[] tags, boolean resultInKey) {
    }

    /** The method being described, as the target class declares it. */
    private record Target(Method method, Class<?> userClass, String description) {

        MethodClassKey owner() {
            return new MethodClassKey(this.method, this.userClass);
        }
    }
}
