package dev.beryl.cache.spring;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.MethodClassKey;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.PropertyResolver;
import org.springframework.expression.Expression;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheDefinition;
import dev.beryl.cache.Durations;
import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.key.KeyParts;
import dev.beryl.cache.spring.CachedOperation.KeyRule;

/**
 * Turns {@code @Cached} annotations into {@link CachedOperation}s, once per method and target class, checking
 * every attribute. A bad attribute raises a {@link CacheConfigurationException} that names the class, the method,
 * the attribute and its value.
 */
public final class CachedOperationSource {

    private static final Object NONE = new Object();

    private static final String[] ASYNC_TYPES = { "java.util.concurrent.Future", "java.util.concurrent.CompletionStage",
            "org.reactivestreams.Publisher", "kotlinx.coroutines.flow.Flow" };

    private final Defaults defaults;

    private final PropertyResolver placeholders;

    private final CacheBackendResolver backends;

    private final CachedExpressions expressions;

    private final Map<MethodClassKey, Object> operations = new ConcurrentHashMap<>();

    /**
     * @param placeholders resolves {@code ${...}} in annotation attributes, usually the {@code Environment}
     * @param beanFactory resolves {@code @bean} references in expressions
     */
    public CachedOperationSource(Defaults defaults, PropertyResolver placeholders, CacheBackendResolver backends,
            @Nullable BeanFactory beanFactory) {
        this.defaults = defaults;
        this.placeholders = placeholders;
        this.backends = backends;
        this.expressions = new CachedExpressions(beanFactory, ClassUtils.getDefaultClassLoader());
    }

    /** Whether the method, as called on the target class, carries {@code @Cached}. Cheap; builds nothing. */
    public static boolean isCached(Method method, @Nullable Class<?> targetClass) {
        return findAnnotation(method, targetClass) != null;
    }

    /**
     * The operation of a method as called on a target class, or {@code null} if it is not cached.
     * @throws CacheConfigurationException if its annotation is invalid
     */
    public @Nullable CachedOperation get(Method method, Class<?> targetClass) {
        MethodClassKey key = new MethodClassKey(method, targetClass);
        Object operation = this.operations.get(key);
        if (operation == null) {
            CachedOperation built = build(method, targetClass);
            operation = (built != null) ? built : NONE;
            this.operations.putIfAbsent(key, operation);
        }
        return (operation != NONE) ? (CachedOperation) operation : null;
    }

    private @Nullable CachedOperation build(Method method, Class<?> targetClass) {
        Cached cached = findAnnotation(method, targetClass);
        if (cached == null) {
            return null;
        }
        Class<?> userClass = ClassUtils.getUserClass(targetClass);
        Method specific = AopUtils.getMostSpecificMethod(method, userClass);
        String description = describe(specific, userClass);
        String where = "@Cached on " + description;
        checkCallable(specific, where);
        Type valueType = valueType(specific, userClass, where);
        String name = name(cached, specific, userClass, where);
        Duration ttl = ttl(cached, where);
        String backendName = StringUtils.hasText(cached.backend()) ? resolve(cached.backend(), "backend", where)
                : this.defaults.backend();
        String backendUse = StringUtils.hasText(cached.backend()) ? where + ": backend"
                : where + ": backend (from beryl.cache.default-backend)";
        CacheBackend backend = this.backends.resolve(backendName, backendUse);
        try {
            backend.checkValueType(valueType);
        }
        catch (IllegalArgumentException ex) {
            throw new CacheConfigurationException(where + ": backend '" + backendName + "' cannot cache values of "
                    + "type " + valueType.getTypeName() + ": " + ex.getMessage(), "Declare a concrete return type, "
                            + "annotate the type with @JsonTypeInfo, or cache this method in memory: "
                            + "@Cached(backend = \"memory\").", ex);
        }
        KeyRule key = keyRule(cached, specific, where);
        Expression condition = StringUtils.hasText(cached.condition())
                ? this.expressions.parse(where, "condition", cached.condition(), specific, false) : null;
        Expression unless = StringUtils.hasText(cached.unless())
                ? this.expressions.parse(where, "unless", cached.unless(), specific, true) : null;
        CacheDefinition cache = new CacheDefinition(name, this.defaults.keyPrefix() + ":" + name, backendName,
                backend, ttl, valueType, cached.cacheNull());
        return new CachedOperation(cache, description, key, condition, unless, this.expressions);
    }

    private static @Nullable Cached findAnnotation(Method method, @Nullable Class<?> targetClass) {
        Method specific = (targetClass != null) ? AopUtils.getMostSpecificMethod(method, targetClass) : method;
        Cached cached = AnnotatedElementUtils.findMergedAnnotation(specific, Cached.class);
        if (cached == null && specific != method) {
            cached = AnnotatedElementUtils.findMergedAnnotation(method, Cached.class);
        }
        return cached;
    }

    private static void checkCallable(Method method, String where) {
        int modifiers = method.getModifiers();
        String problem = Modifier.isStatic(modifiers) ? "static" : Modifier.isPrivate(modifiers) ? "private"
                : Modifier.isFinal(modifiers) ? "final" : null;
        if (problem != null) {
            throw new CacheConfigurationException(where + ": the method is " + problem
                    + ", so Spring's proxy cannot intercept it", "Make the method public and not " + problem + ".");
        }
    }

    private static Type valueType(Method method, Class<?> targetClass, String where) {
        Class<?> returnType = method.getReturnType();
        if (returnType == void.class || returnType == Void.class) {
            throw new CacheConfigurationException(where + ": the method returns void, so there is nothing to cache",
                    "Remove @Cached, or return the value to cache.");
        }
        for (String async : ASYNC_TYPES) {
            if (isAssignable(async, returnType)) {
                throw new CacheConfigurationException(where + ": return type " + returnType.getSimpleName()
                        + " is asynchronous, which @Cached does not support",
                        "Cache the method that computes the value, and wrap it asynchronously outside.");
            }
        }
        return ResolvableType.forMethodReturnType(method, targetClass).getType();
    }

    private static boolean isAssignable(String typeName, Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return ClassUtils.isPresent(typeName, loader)
                && ClassUtils.resolveClassName(typeName, loader).isAssignableFrom(type);
    }

    private String name(Cached cached, Method method, Class<?> targetClass, String where) {
        if (!StringUtils.hasText(cached.name())) {
            return targetClass.getSimpleName() + "." + method.getName();
        }
        String name = resolve(cached.name(), "name", where);
        if (!StringUtils.hasText(name) || name.contains(":")) {
            throw new CacheConfigurationException(where + ": name '" + cached.name()
                    + "' must be non-blank and must not contain ':'",
                    "Choose a name without ':', which separates the parts of a key.");
        }
        return name;
    }

    private Duration ttl(Cached cached, String where) {
        if (!StringUtils.hasText(cached.ttl())) {
            return this.defaults.ttl();
        }
        String text = resolve(cached.ttl(), "ttl", where);
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
                    "Set ttl to a positive duration such as \"60s\", or remove @Cached to not cache at all.");
        }
        return ttl;
    }

    private KeyRule keyRule(Cached cached, Method method, String where) {
        if (StringUtils.hasText(cached.key())) {
            Expression expression = this.expressions.parse(where, "key", cached.key(), method, false);
            int argument = this.expressions.argumentIndex(cached.key(), method);
            return (argument >= 0) ? KeyRule.argument(argument) : KeyRule.expression(expression);
        }
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            String reason = KeyParts.unkeyableReason(types[i]);
            if (reason != null) {
                throw new CacheConfigurationException(where + ": parameter " + parameterName(method, i)
                        + " cannot be part of the default key: " + reason,
                        "Give @Cached a key made of the other arguments, e.g. key = \"#id\".");
            }
        }
        return KeyRule.allArguments();
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
}
