package dev.beryl.cache.redis;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import org.jspecify.annotations.Nullable;

import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.LeaseLookup;

/**
 * The leases of fleet-wide single flight on Redis ({@link dev.beryl.cache.LeasingCacheBackend}).
 * <p>
 * <b>A load's lease</b> is a placeholder under the entry's own key: the bytes {@code \0beryl-lease\0} and the load's
 * token, set with the lease's expiry. No JSON document, no null marker and no compressed value starts with a NUL
 * byte, and an encoding of another codec that would look like a placeholder is always stored compressed
 * ({@link ValueCompression}), so no value is mistaken for a lease. Plain reads see a placeholder as a miss, and leave
 * it. Whatever ends the entry ends the lease: an invalidation's {@code UNLINK}, a put's {@code SET}, the expiry. The
 * holder's store is one script that writes the value only while the key still holds the holder's own placeholder,
 * so a load that an invalidation or a put overtook stores nothing. Every script touches the entry's key alone, so all
 * of this holds on a Cluster. A tag's invalidation finds the placeholder only once the store has added the key to the
 * tag, just before its fenced write, since a load's tags are known only when it ends: a tag invalidated earlier in
 * the load, from another instance, does not void the lease.
 * <p>
 * <b>A refresh lease</b> stands beside the entry, which stays readable: the token under
 * {@code {key-prefix}::lease:{key}} ({@link SideKeys}), taken with {@code SET NX PX}.
 */
final class Leases {

    private static final byte[] PLACEHOLDER_PREFIX = "\0beryl-lease\0".getBytes(StandardCharsets.US_ASCII);

    /**
     * Answers what the key holds; when it holds nothing, stores the placeholder {@code ARGV[1]} for {@code ARGV[2]}
     * milliseconds first, and answers that. Given the digest of an entry that could not be decoded ({@code ARGV[3]}),
     * replaces that entry too, but no other value written since.
     */
    private static final LuaScript GET_OR_LEASE = new LuaScript("lease", """
            local value = redis.call('GET', KEYS[1])
            if value and (ARGV[3] == nil or redis.sha1hex(value) ~= ARGV[3]) then
                return value
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return ARGV[1]
            """);

    /** Stores {@code ARGV[2]} for {@code ARGV[3]} milliseconds if the key holds {@code ARGV[1]}; answers whether. */
    private static final LuaScript SET_IF_HELD = new LuaScript("fenced SET", """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
                redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
                return 1
            end
            return 0
            """);

    /** Deletes the key if it holds {@code ARGV[1]}; answers whether. */
    private static final LuaScript DELETE_IF_HELD = new LuaScript("release", """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
                return redis.call('DEL', KEYS[1])
            end
            return 0
            """);

    private final CommandGateway redis;

    private final TagIndex tags;

    private final StoredValues values;

    Leases(CommandGateway redis, TagIndex tags, StoredValues values) {
        this.redis = redis;
        this.tags = tags;
        this.values = values;
    }

    /** Whether stored bytes are a load's lease rather than a value. */
    static boolean isPlaceholder(byte[] stored) {
        int length = PLACEHOLDER_PREFIX.length;
        return stored.length >= length && Arrays.equals(stored, 0, length, PLACEHOLDER_PREFIX, 0, length);
    }

    /** The placeholder of the lease {@code token}. */
    static byte[] placeholder(String token) {
        byte[] id = utf8(token);
        byte[] placeholder = Arrays.copyOf(PLACEHOLDER_PREFIX, PLACEHOLDER_PREFIX.length + id.length);
        System.arraycopy(id, 0, placeholder, PLACEHOLDER_PREFIX.length, id.length);
        return placeholder;
    }

    /** Where the refresh lease of an entry is kept: {@code {key-prefix}::lease:{key}}. */
    static String refreshKey(String key) {
        return SideKeys.of("lease", key);
    }

    /**
     * Answers the value under the key, or the lease on it: another token's placeholder is {@code HELD}; nothing, or
     * this token's own placeholder, is {@code ACQUIRED}, the placeholder stored (or kept) in the same script.
     * <p>
     * An entry that cannot be decoded is a miss, as for a plain read: it is counted and logged, and then replaced by
     * this token's placeholder in a second script, which leaves alone whatever another instance stored meanwhile and
     * answers that instead. So the load that found it holds a real lease, and its store is fenced like any other. If
     * even that answer cannot be decoded, the entry is deleted as a plain read deletes it, and the answer is
     * {@code ACQUIRED} without a placeholder: the method runs, and its store finds no lease and stores nothing,
     * rather than letting the loads of every instance wait for a value that nobody loads.
     */
    CompletableFuture<LeaseLookup> getOrLease(String key, Type type, String token, long leaseMillis) {
        byte[] own = placeholder(token);
        byte[] lease = ascii(leaseMillis);
        return GET_OR_LEASE.<byte[]>run(this.redis, ScriptOutputType.VALUE, key, own, lease)
                .thenComposeAsync((found) -> {
                    LeaseLookup lookup = classify(key, found, type, own);
                    if (lookup != null) {
                        return CompletableFuture.completedFuture(lookup);
                    }
                    byte[] corrupt = LuaScript.sha1Hex(found).getBytes(StandardCharsets.US_ASCII);
                    return GET_OR_LEASE.<byte[]>run(this.redis, ScriptOutputType.VALUE, key, own, lease, corrupt)
                            .thenApplyAsync((again) -> {
                                LeaseLookup second = classify(key, again, type, own);
                                if (second != null) {
                                    return second;
                                }
                                this.redis.call("UNLINK", key, (commands) -> commands.unlink(key));
                                return LeaseLookup.acquired();
                            }, this.redis.executor());
                }, this.redis.executor());
    }

    /**
     * Stores the value as {@link RedisCacheBackend#set} does, with its tags ({@link TagIndex#storeIf}), but writes it
     * with one script that sets it only while the key holds this token's placeholder. A value too large to store is
     * not stored, and the lease is given up at once, so that the loads waiting for it run the method.
     */
    CompletableFuture<Boolean> setIfLeased(String key, @Nullable Object value, long ttlMillis, Set<String> tags,
            String token) {
        byte @Nullable [] bytes = this.values.encode(key, value);
        if (bytes == null) {
            return releaseLease(key, token).handle((released, failure) -> false);
        }
        byte[] own = placeholder(token);
        byte[] ttl = ascii(ttlMillis);
        return this.tags.storeIf(key, ttlMillis, tags, () -> SET_IF_HELD.<Long>run(this.redis,
                ScriptOutputType.INTEGER, key, own, bytes, ttl).thenApply((stored) -> stored == 1));
    }

    /** Deletes the key if it still holds this token's placeholder, and nothing else: no value, no other lease. */
    CompletableFuture<Void> releaseLease(String key, String token) {
        return DELETE_IF_HELD.<Long>run(this.redis, ScriptOutputType.INTEGER, key, placeholder(token))
                .thenApply((deleted) -> null);
    }

    /** {@code SET {key-prefix}::lease:{key} token NX PX lease}: whether this call took the refresh lease. */
    CompletableFuture<Boolean> tryRefreshLease(String key, String token, long leaseMillis) {
        String leaseKey = refreshKey(key);
        byte[] id = utf8(token);
        return this.redis.call("SET NX", leaseKey,
                (commands) -> commands.set(leaseKey, id, SetArgs.Builder.nx().px(leaseMillis)))
                .thenApply("OK"::equals);
    }

    /** Deletes the refresh lease if it is still this token's. */
    CompletableFuture<Void> releaseRefreshLease(String key, String token) {
        return DELETE_IF_HELD.<Long>run(this.redis, ScriptOutputType.INTEGER, refreshKey(key), utf8(token))
                .thenApply((deleted) -> null);
    }

    /** The answer for what a key holds, or {@code null} for bytes that cannot be decoded (counted and logged). */
    private @Nullable LeaseLookup classify(String key, byte[] found, Type type, byte[] own) {
        if (Arrays.equals(found, own)) {
            return LeaseLookup.acquired();
        }
        if (isPlaceholder(found)) {
            return LeaseLookup.held();
        }
        CacheLookup lookup = this.values.decode(key, found, type);
        return (lookup != null) ? LeaseLookup.hit(lookup.value()) : null;
    }

    private static byte[] ascii(long millis) {
        return Long.toString(millis).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
