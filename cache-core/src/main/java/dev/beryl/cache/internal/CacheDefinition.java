package dev.beryl.cache.internal;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.internal.ControlCharacters;
import dev.beryl.cache.key.KeyParts;

/**
 * One cache as the engine sees it: where its entries live and for how long. Built once, when the application
 * starts, from an annotation or from code.
 *
 * @param name the cache name, the {@code name} of {@code {key-prefix}:{name}:{part}}
 * @param namespace {@code {key-prefix}:{name}}, the start of every key of this cache: at most
 * {@link KeyParts#MAX_NAMESPACE_BYTES} bytes of UTF-8 and without control characters, so that its keys are at most
 * {@link KeyParts#MAX_KEY_BYTES} bytes
 * @param backendName the name under which the backend was chosen, for messages
 * @param backend where entries live
 * @param ttl how long an entry lives; positive
 * @param valueType the generic type of the values, handed to {@link CacheBackend#get}
 * @param cacheNull whether a {@code null} result is stored
 * @param counters what happened to the cache; shared by every definition of one cache, and not part of equality
 * @param policy the stale windows and the reach of single flight
 */
public record CacheDefinition(String name, String namespace, String backendName, CacheBackend backend, Duration ttl,
        Type valueType, boolean cacheNull, CacheCounters counters, EntryPolicy policy) {

    /** A cache whose entries expire with their ttl. */
    public CacheDefinition(String name, String namespace, String backendName, CacheBackend backend, Duration ttl,
            Type valueType, boolean cacheNull, CacheCounters counters) {
        this(name, namespace, backendName, backend, ttl, valueType, cacheNull, counters, EntryPolicy.NONE);
    }

    /** A cache with counters of its own. */
    public CacheDefinition(String name, String namespace, String backendName, CacheBackend backend, Duration ttl,
            Type valueType, boolean cacheNull) {
        this(name, namespace, backendName, backend, ttl, valueType, cacheNull, new CacheCounters());
    }

    public CacheDefinition {
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(backendName, "backendName");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(valueType, "valueType");
        if ((namespace.length() > KeyParts.MAX_NAMESPACE_BYTES / 3
                && namespace.getBytes(StandardCharsets.UTF_8).length > KeyParts.MAX_NAMESPACE_BYTES)
                || ControlCharacters.isIn(namespace)) {
            throw new IllegalArgumentException("namespace of cache '" + ControlCharacters.escape(name) + "' must be "
                    + "at most " + KeyParts.MAX_NAMESPACE_BYTES + " bytes of UTF-8 without control characters, was '"
                    + ControlCharacters.escape(namespace) + "'");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl of cache '" + name + "' must be positive, was " + ttl);
        }
    }

    /** Equal to another definition of the same cache, counters aside. */
    @Override
    public boolean equals(Object other) {
        return other instanceof CacheDefinition that && this.name.equals(that.name)
                && this.namespace.equals(that.namespace) && this.backendName.equals(that.backendName)
                && this.backend.equals(that.backend) && this.ttl.equals(that.ttl)
                && this.valueType.equals(that.valueType) && this.cacheNull == that.cacheNull
                && this.policy.equals(that.policy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.name, this.namespace, this.backendName, this.backend, this.ttl, this.valueType,
                this.cacheNull, this.policy);
    }

    /** The same cache with another entry policy. */
    public CacheDefinition withPolicy(EntryPolicy policy) {
        return new CacheDefinition(this.name, this.namespace, this.backendName, this.backend, this.ttl,
                this.valueType, this.cacheNull, this.counters, policy);
    }

    /** Whether entries outlive their ttl for a stale window, each stored as a {@link StaleableEntry}. */
    public boolean stale() {
        return this.policy.stale();
    }

    /**
     * The type the backend decodes entries as: the value type, or {@code StaleableEntry<valueType>} for a cache
     * with stale windows.
     */
    public Type storedType() {
        return this.policy.stale() ? StaleableEntry.typeOf(this.valueType) : this.valueType;
    }

    /** The full key of a key part: {@code {namespace}:{part}}, as {@link KeyParts#fullKey} makes it. */
    public String key(String part) {
        return KeyParts.fullKey(this.namespace, part);
    }
}
