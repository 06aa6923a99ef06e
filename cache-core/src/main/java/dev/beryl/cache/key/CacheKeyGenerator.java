package dev.beryl.cache.key;

import java.lang.reflect.Method;

/**
 * Makes the key part of a call, for keys that an expression would make awkward. Name a bean of this type in
 * {@code @Cached(keyGenerator = "beanName")}; a single bean of this type becomes the default of every method
 * without {@code key}.
 *
 * <pre>{@code
 * @Bean
 * CacheKeyGenerator tenantKeys(TenantContext tenants) {
 *     return (target, method, args) -> tenants.current() + ":" + KeyParts.ofArguments(args);
 * }
 * }</pre>
 *
 * The same generator must be named wherever the same entries are invalidated, so that both sides make one key.
 */
@FunctionalInterface
public interface CacheKeyGenerator {

    /**
     * The key part of a call: the {@code part} of {@code {key-prefix}:{name}:{part}}.
     * @param target the bean whose method is called
     * @param method the method
     * @param args the arguments
     */
    String generate(Object target, Method method, Object[] args);
}
