package dev.beryl.cache.spring.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.GenericTypeResolver;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.beryl.cache.annotation.CacheInvalidate;
import dev.beryl.cache.annotation.CachePut;
import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.spring.CacheConfigurationException;

/**
 * Reads the cache annotations of a method into a {@link ParsedMethod}: finds them (on the method, its class or an
 * interface), checks that the method can be intercepted and returns something to cache, resolves {@code ${...}}
 * placeholders, parses durations, checks names and refuses attributes that contradict each other. It needs no
 * application context: only the key prefix and something that resolves placeholders. A bad attribute raises a
 * {@link CacheConfigurationException} that names the annotation, the class, the method, the attribute and its value.
 */
public final class CacheAnnotationParser {

    private static final List<Class<? extends Annotation>> ANNOTATIONS = List.of(Cached.class, CachePut.class,
            CacheInvalidate.class, CacheInvalidate.List.class);

    /**
     * Asynchronous return types other than those cached ({@code CompletableFuture}, {@code CompletionStage},
     * {@code Mono}, {@code Flux}): their values cannot be waited for without blocking, or are streams. A
     * {@code suspend} function may return none of them, those cached included.
     */
    private static final String[] OTHER_ASYNC_TYPES = { "java.util.concurrent.Future",
            "java.util.concurrent.CompletionStage", "org.reactivestreams.Publisher", "kotlinx.coroutines.flow.Flow",
            "java.util.concurrent.Flow$Publisher" };

    /** What a Kotlin function that returns nothing returns. */
    private static final String KOTLIN_UNIT = "kotlin.Unit";

    /** What to tell a user whose ttl did not parse. */
    private static final String DURATION_EXAMPLES = "use e.g. 60s, 5m, 500ms or PT1M";

    private final String keyPrefix;

    private final PropertyResolver placeholders;

    /** Where the libraries that Kotlin {@code suspend} functions need are looked for; {@code null}: the method's. */
    private final @Nullable ClassLoader classLoader;

    /**
     * @param keyPrefix the key prefix, which bounds how long a cache name may be
     * @param placeholders resolves {@code ${...}} in annotation attributes, usually the {@code Environment}
     */
    public CacheAnnotationParser(String keyPrefix, PropertyResolver placeholders) {
        this(keyPrefix, placeholders, null);
    }

    /**
     * @param classLoader where the libraries that Kotlin {@code suspend} functions need are looked for, or
     * {@code null} for the class loader of each method's class
     */
    CacheAnnotationParser(String keyPrefix, PropertyResolver placeholders, @Nullable ClassLoader classLoader) {
        this.keyPrefix = keyPrefix;
        this.placeholders = placeholders;
        this.classLoader = classLoader;
    }

    /** Whether the method, as called on the target class, carries a cache annotation. Cheap; parses nothing. */
    static boolean hasCacheAnnotation(Method method, @Nullable Class<?> targetClass) {
        for (Class<? extends Annotation> type : ANNOTATIONS) {
            if (find(method, targetClass, type) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * The cache annotations of a method as called on a target class, or {@code null} if it has none.
     * @throws CacheConfigurationException if an annotation is invalid
     */
    @Nullable ParsedMethod parse(Method method, Class<?> targetClass) {
        Cached cached = find(method, targetClass, Cached.class);
        CachePut put = find(method, targetClass, CachePut.class);
        Set<CacheInvalidate> invalidates = findAll(method, targetClass);
        if (cached == null && put == null && invalidates.isEmpty()) {
            return null;
        }
        Class<?> userClass = ClassUtils.getUserClass(targetClass);
        Method specific = AopUtils.getMostSpecificMethod(method, userClass);
        String description = describe(specific, userClass);
        if (cached != null && put != null) {
            throw new CacheConfigurationException("@Cached and @CachePut on " + description
                    + ": a method either answers from the cache or always runs, not both",
                    "Keep @Cached on the read and move @CachePut to the method that writes.");
        }
        String annotation = (cached != null) ? "@Cached" : (put != null) ? "@CachePut" : "@CacheInvalidate";
        checkCallable(specific, description, annotation);
        checkReturnType(specific, description, annotation);
        ParsedEntry lookup = (cached != null) ? entry(new EntryAttributes("@Cached", cached.name(), cached.key(),
                cached.keyGenerator(), cached.ttl(), cached.backend(), cached.condition(), cached.unless(),
                cached.cacheNull(), cached.tags(), false), specific, userClass, description,
                WebAttributes.of(cached, specific, userClass, "@Cached on " + description),
                freshness(cached, "@Cached on " + description)) : null;
        ParsedEntry write = (put != null) ? entry(new EntryAttributes("@CachePut", put.name(), put.key(),
                put.keyGenerator(), put.ttl(), put.backend(), put.condition(), put.unless(), put.cacheNull(),
                put.tags(), true), specific, userClass, description, ParsedEntry.Web.NONE, ParsedEntry.Freshness.NONE)
                : null;
        List<ParsedInvalidation> invalidations = new ArrayList<>();
        for (CacheInvalidate invalidate : invalidates) {
            invalidations.add(invalidation(invalidate, specific, userClass, description));
        }
        return new ParsedMethod(specific, userClass, description, lookup, write, invalidations);
    }

    private ParsedEntry entry(EntryAttributes attributes, Method method, Class<?> userClass, String description,
            ParsedEntry.Web web, ParsedEntry.Freshness freshness) {
        String where = attributes.annotation + " on " + description;
        Type valueType = valueType(method, userClass, where);
        String name = name(attributes.name, method, userClass, where);
        Duration ttl = StringUtils.hasText(attributes.ttl) ? ttl(attributes.ttl, where) : null;
        String backend = StringUtils.hasText(attributes.backend) ? resolve(attributes.backend, "backend", where)
                : null;
        String keyGenerator = keyGenerator(attributes.key, attributes.keyGenerator, where);
        return new ParsedEntry(attributes.annotation, where, name, StringUtils.hasText(attributes.name), valueType,
                ttl, backend, attributes.key, keyGenerator, attributes.condition, attributes.unless,
                List.of(attributes.tags), attributes.cacheNull, attributes.resultInKey, web, freshness);
    }

    /** The stale windows and single flight of {@code @Cached}. */
    private ParsedEntry.Freshness freshness(Cached cached, String where) {
        Duration revalidate = window(cached.staleWhileRevalidate(), "staleWhileRevalidate", where);
        Duration ifError = window(cached.staleIfError(), "staleIfError", where);
        return new ParsedEntry.Freshness(revalidate, ifError, cached.singleFlight());
    }

    /** A stale window: empty or zero for none, else a positive duration written as a ttl is. */
    private Duration window(String declared, String attribute, String where) {
        if (!StringUtils.hasText(declared)) {
            return Duration.ZERO;
        }
        String text = resolve(declared, attribute, where);
        Duration window;
        try {
            window = duration(text);
        }
        catch (RuntimeException ex) {
            throw new CacheConfigurationException(where + ": " + attribute + " '" + text + "' is not a duration ("
                    + DURATION_EXAMPLES + ")", "Set " + attribute + " to a duration such as \"30s\".");
        }
        if (window.isNegative()) {
            throw new CacheConfigurationException(where + ": " + attribute + " '" + text + "' must not be negative",
                    "Set " + attribute + " to a duration such as \"30s\", or remove it for none.");
        }
        return window;
    }

    private ParsedInvalidation invalidation(CacheInvalidate invalidate, Method method, Class<?> userClass,
            String description) {
        String where = "@CacheInvalidate on " + description;
        String name = StringUtils.hasText(invalidate.name()) ? name(invalidate.name(), method, userClass, where)
                : null;
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
        String backend = StringUtils.hasText(invalidate.backend()) ? resolve(invalidate.backend(), "backend", where)
                : null;
        String keyGenerator = (name != null && !invalidate.allEntries())
                ? keyGenerator(invalidate.key(), invalidate.keyGenerator(), where) : null;
        return new ParsedInvalidation(where, name, invalidate.key(), keyGenerator, invalidate.allEntries(),
                invalidate.beforeInvocation(), backend, invalidate.condition(), List.of(invalidate.tags()));
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

    private static void checkCallable(Method method, String description, String annotation) {
        int modifiers = method.getModifiers();
        String problem = Modifier.isStatic(modifiers) ? "static" : Modifier.isPrivate(modifiers) ? "private"
                : Modifier.isFinal(modifiers) ? "final" : null;
        if (problem != null) {
            throw new CacheConfigurationException(annotation + " on " + description + ": the method is "
                    + problem + ", so Spring's proxy cannot intercept it",
                    "Make the method public and not " + problem + ".");
        }
    }

    /**
     * Refuses what cannot be cached without blocking or without caching the wrong thing: asynchronous return types
     * other than {@code CompletableFuture}, {@code CompletionStage}, {@code Mono} and {@code Flux}, and Kotlin
     * {@code suspend} functions that Spring's proxy cannot call as a {@code Mono}, whose JVM method would return a
     * suspension marker rather than their value.
     */
    private void checkReturnType(Method method, String description, String annotation) {
        String where = annotation + " on " + description;
        if (SuspendingFunctions.isSuspending(method)) {
            checkSuspending(method, where);
            return;
        }
        Class<?> returnType = method.getReturnType();
        if (AsyncReturn.of(method) != null) {
            return;
        }
        for (String async : OTHER_ASYNC_TYPES) {
            if (isAssignable(async, returnType)) {
                throw new CacheConfigurationException(where + ": return type " + returnType.getName()
                        + " is asynchronous in a way Beryl does not cache",
                        "Return CompletableFuture, CompletionStage, Mono or Flux, or the value itself.");
            }
        }
    }

    /**
     * A Kotlin {@code suspend} function is cached when Spring's proxy calls it as a {@code Mono}, which needs
     * kotlin-reflect and kotlinx-coroutines-reactor, and when what it returns is a value, not a future, a publisher
     * or a {@code Flow}.
     */
    private void checkSuspending(Method method, String where) {
        List<String> missing = SuspendingFunctions.missingDependencies((this.classLoader != null) ? this.classLoader
                : method.getDeclaringClass().getClassLoader());
        if (!missing.isEmpty()) {
            String names = String.join(" and ", missing);
            throw new CacheConfigurationException(where + ": the method is a Kotlin suspend function, and " + names
                    + ", which Spring needs to call it through a proxy, " + ((missing.size() > 1) ? "are" : "is")
                    + " not on the classpath", "Add " + names + " to the application's dependencies, as Spring's "
                            + "own caching of suspend functions needs, or remove the annotation.");
        }
        Class<?> returnType = ResolvableType.forMethodReturnType(method).toClass();
        for (String async : OTHER_ASYNC_TYPES) {
            if (isAssignable(async, returnType)) {
                throw new CacheConfigurationException(where + ": the suspend function returns "
                        + returnType.getName() + ", which is asynchronous in a way Beryl does not cache",
                        "Return the value itself from the suspend function.");
            }
        }
    }

    private static Type valueType(Method method, Class<?> userClass, String where) {
        Class<?> returnType = method.getReturnType();
        if (returnType == void.class || returnType == Void.class) {
            throw new CacheConfigurationException(where + ": the method returns void, so there is nothing to cache",
                    "Remove the annotation, or return the value to cache.");
        }
        AsyncReturn async = AsyncReturn.of(method);
        if (async == null) {
            return GenericTypeResolver.resolveType(method.getGenericReturnType(), userClass);
        }
        Type valueType = async.valueType(ResolvableType.forMethodReturnType(method, userClass));
        if (valueType == Void.class || valueType == void.class || valueType.getTypeName().equals(KOTLIN_UNIT)) {
            if (SuspendingFunctions.isSuspending(method)) {
                throw new CacheConfigurationException(where + ": the suspend function returns Unit, so there is "
                        + "nothing to cache", "Remove the annotation, or return the value to cache.");
            }
            throw new CacheConfigurationException(where + ": the method returns " + returnType.getSimpleName()
                    + "<Void>, so there is nothing to cache", "Remove the annotation, or complete with the value.");
        }
        return valueType;
    }

    /** Whether the type named, where it is on the classpath, is assignable from {@code type}. */
    static boolean isAssignable(String typeName, Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return ClassUtils.isPresent(typeName, loader)
                && ClassUtils.resolveClassName(typeName, loader).isAssignableFrom(type);
    }

    private String name(String declared, Method method, Class<?> userClass, String where) {
        String name = StringUtils.hasText(declared) ? resolve(declared, "name", where)
                : userClass.getSimpleName() + "." + method.getName();
        if (!StringUtils.hasText(name) || name.contains(":")) {
            throw new CacheConfigurationException(where + ": name '" + declared
                    + "' must be non-blank and must not contain ':'",
                    "Choose a name without ':', which separates the parts of a key.");
        }
        String problem = CacheNames.problem(this.keyPrefix, name);
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
            ttl = duration(text);
        }
        catch (IllegalArgumentException ex) {
            throw new CacheConfigurationException(where + ": ttl '" + text + "' is not a duration ("
                    + DURATION_EXAMPLES + ")", "Set ttl to a duration such as \"60s\".");
        }
        if (ttl.isZero() || ttl.isNegative()) {
            throw new CacheConfigurationException(where + ": ttl '" + text + "' must be positive",
                    "Set ttl to a positive duration such as \"60s\", or remove the annotation to not cache at all.");
        }
        return ttl;
    }

    /**
     * Parses a ttl as Spring Boot parses durations ({@link DurationStyle}): {@code 500ms}, {@code 60s}, {@code 5m},
     * {@code 2h}, {@code 1d} (also {@code ns} and {@code us}, in any case), ISO-8601 such as {@code PT1M}, and a bare
     * number, which means seconds. Surrounding whitespace is ignored, and a {@code +} before ISO-8601's {@code P} is
     * refused, as Beryl always did.
     * @throws IllegalArgumentException if the text is not a duration
     */
    static Duration duration(String text) {
        String trimmed = text.trim();
        if (trimmed.startsWith("+P") || trimmed.startsWith("+p")) {
            throw new IllegalArgumentException("'" + text + "' is not a duration");
        }
        return DurationStyle.detectAndParse(trimmed, ChronoUnit.SECONDS);
    }

    /** The key generator's bean name, placeholders resolved, or {@code null} if the annotation names none. */
    private @Nullable String keyGenerator(String key, String keyGenerator, String where) {
        if (StringUtils.hasText(key) && StringUtils.hasText(keyGenerator)) {
            throw new CacheConfigurationException(where + ": key '" + key + "' and keyGenerator '" + keyGenerator
                    + "' contradict each other", "Keep one of them.");
        }
        return StringUtils.hasText(keyGenerator) ? resolve(keyGenerator, "keyGenerator", where) : null;
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

    /**
     * The attributes that {@code @Cached} and {@code @CachePut} share.
     * @param resultInKey whether {@code #result} may appear in {@code key} and {@code condition}
     */
    private record EntryAttributes(String annotation, String name, String key, String keyGenerator, String ttl,
            String backend, String condition, String unless, boolean cacheNull, String[] tags, boolean resultInKey) {
    }
}
