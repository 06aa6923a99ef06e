package dev.beryl.cache.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.lettuce.core.SetArgs;
import org.jspecify.annotations.Nullable;

/**
 * Stores entries with their tags, and removes the entries of a tag. A tag is a sorted set of keys
 * ({@link TagScript}); an entry's own tags are listed beside it ({@link EntryTags}), so that an entry keeps the tags
 * of the entry it replaces.
 */
final class TagIndex {

    /** How many keys one {@code UNLINK} removes. */
    static final int BATCH = 500;

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private static final CompletableFuture<Boolean> NOT_STORED = CompletableFuture.completedFuture(false);

    private final CommandGateway redis;

    TagIndex(CommandGateway redis) {
        this.redis = redis;
    }

    /**
     * Adds the key to each tag's sorted set, then stores the value with {@code SET key value PX ttl}. The entry keeps
     * the tags of the entry it replaces: their memberships are renewed with the new expiry. Without tags of its own,
     * the value goes out at once, beside the look at the replaced entry's tags; with tags, only once every tag knows
     * its key, so that a failed tag write leaves no entry its tag cannot remove.
     */
    CompletableFuture<Void> store(String key, byte[] value, long ttlMillis, Set<String> tags) {
        String tagsKey = EntryTags.key(key);
        if (tags.isEmpty()) {
            // The value goes out first, so that it takes the one command a probing circuit breaker lets through;
            // renewing the replaced entry's tags is best effort: where it fails, their memberships keep the older
            // expiry, and a tag invalidated after that may miss this entry, which still ends with its ttl.
            CompletableFuture<?> stored = this.redis.call("SET", key,
                    (commands) -> commands.set(key, value, SetArgs.Builder.px(ttlMillis)));
            return CompletableFuture.allOf(stored, renewReplacedTags(key, ttlMillis).exceptionally((failure) -> null));
        }
        return tagWithInherited(key, tags, ttlMillis).thenComposeAsync((encodedTags) -> CompletableFuture.allOf(
                this.redis.call("SET", tagsKey,
                        (commands) -> commands.set(tagsKey, encodedTags, SetArgs.Builder.px(ttlMillis))),
                this.redis.call("SET", key, (commands) -> commands.set(key, value, SetArgs.Builder.px(ttlMillis)))),
                this.redis.executor());
    }

    /**
     * Like {@link #store}, but the value is written by {@code write}, which may decline, as a fenced store whose lease
     * is gone does. The key joins its tags (and those of the entry it replaces) before the write, as in
     * {@link #store}, so that a tag invalidated from then on removes it; the entry's list of tags is written, or the
     * replaced entry's tags renewed, only once the value is stored. Memberships of a value that was not stored can
     * only make an invalidation remove more than it must, and expire with the ttl.
     * @return whether {@code write} stored the value
     */
    CompletableFuture<Boolean> storeIf(String key, long ttlMillis, Set<String> tags,
            Supplier<CompletableFuture<Boolean>> write) {
        String tagsKey = EntryTags.key(key);
        if (tags.isEmpty()) {
            // Renewing the replaced entry's tags is best effort, as in store: the value is stored either way.
            return write.get().thenComposeAsync((stored) -> !stored ? NOT_STORED
                    : renewReplacedTags(key, ttlMillis).handle((renewed, failure) -> true), this.redis.executor());
        }
        return tagWithInherited(key, tags, ttlMillis).thenComposeAsync((encodedTags) -> write.get()
                .thenComposeAsync((stored) -> !stored ? NOT_STORED
                        : this.redis.call("SET", tagsKey,
                                (commands) -> commands.set(tagsKey, encodedTags, SetArgs.Builder.px(ttlMillis)))
                                .thenApply((ok) -> true), this.redis.executor()),
                this.redis.executor());
    }

    /**
     * Removes every key in the tag's sorted set, in batches. The set itself is left to shed its members as they
     * expire: removing them here could also remove a membership that a concurrent put has just renewed.
     */
    CompletableFuture<Void> invalidate(String tag) {
        return this.redis.call("ZRANGE", tag, (commands) -> commands.zrange(tag, 0, -1)).thenComposeAsync((members) -> {
            List<CompletableFuture<?>> removals = new ArrayList<>();
            for (int from = 0; from < members.size(); from += BATCH) {
                // Each entry with its list of tags, which must not outlive it.
                String[] keys = members.subList(from, Math.min(members.size(), from + BATCH)).stream()
                        .map((bytes) -> new String(bytes, StandardCharsets.UTF_8))
                        .flatMap((key) -> Stream.of(key, EntryTags.key(key))).toArray(String[]::new);
                removals.add(this.redis.call("UNLINK", "tagged", (commands) -> commands.unlink(keys)));
            }
            return CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new));
        }, this.redis.executor());
    }

    /** Renews the replaced entry's tags, and its list of them, to the new lifetime. */
    private CompletableFuture<Void> renewReplacedTags(String key, long ttlMillis) {
        String tagsKey = EntryTags.key(key);
        return this.redis.call("GET", tagsKey, (commands) -> commands.get(tagsKey))
                .thenComposeAsync((old) -> (old == null) ? DONE
                        : tagAll(key, EntryTags.decode(old), ttlMillis, tagsKey, old), this.redis.executor());
    }

    /**
     * Adds the key to its own tags and to those of the entry it replaces, with the given lifetime; completes with the
     * encoded list of them all, for the entry's list of tags.
     */
    private CompletableFuture<byte[]> tagWithInherited(String key, Set<String> tags, long ttlMillis) {
        String tagsKey = EntryTags.key(key);
        CompletableFuture<byte @Nullable []> previous = this.redis.call("GET", tagsKey,
                (commands) -> commands.get(tagsKey));
        CompletableFuture<?> ownTags = tagAll(key, tags, ttlMillis, null, null);
        return ownTags.thenCombine(previous, (done, old) -> old).thenComposeAsync((old) -> {
            Set<String> inherited = (old != null) ? EntryTags.decode(old) : Set.of();
            Set<String> missing = new LinkedHashSet<>(inherited);
            missing.removeAll(tags);
            byte[] encoded = EntryTags.encode(EntryTags.union(tags, inherited));
            return tagAll(key, missing, ttlMillis, null, null).thenApply((tagged) -> encoded);
        }, this.redis.executor());
    }

    /**
     * Adds the key to every tag with the given lifetime; with {@code tagsKey}, also renews the entry's list of tags
     * to that lifetime.
     */
    private CompletableFuture<Void> tagAll(String key, Set<String> tags, long ttlMillis, @Nullable String tagsKey,
            byte @Nullable [] encodedTags) {
        if (tags.isEmpty()) {
            return DONE;
        }
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (String tag : tags) {
            writes.add(TagScript.add(this.redis, tag, key, ttlMillis));
        }
        if (tagsKey != null && encodedTags != null) {
            writes.add(this.redis.call("SET", tagsKey,
                    (commands) -> commands.set(tagsKey, encodedTags, SetArgs.Builder.px(ttlMillis))));
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }
}
