package dev.beryl.cache.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;

/**
 * Removes every key of one cache the way Redis operators expect: {@code SCAN} with {@code MATCH} and {@code UNLINK}
 * in batches, never {@code KEYS}; on a Cluster, Lettuce's scan visits every master in turn.
 */
final class NamespaceClear {

    private NamespaceClear() {
    }

    /** Removes every key that starts with {@code namespace + ":"}, treating glob characters in it literally. */
    static CompletableFuture<Void> clear(CommandGateway redis, String namespace) {
        // The entries, then their lists of tags ({prefix}::entry-tags:{key}), which must not outlive them.
        return clearMatching(redis, namespace, escapeGlob(namespace) + ":*")
                .thenComposeAsync((cleared) -> clearMatching(redis, namespace,
                        escapeGlob(EntryTags.key(namespace)) + ":*"), redis.executor());
    }

    private static CompletableFuture<Void> clearMatching(CommandGateway redis, String namespace, String pattern) {
        ScanArgs match = ScanArgs.Builder.matches(pattern).limit(TagIndex.BATCH);
        return redis.call("SCAN", namespace, (commands) -> commands.scan(match))
                .thenComposeAsync((cursor) -> unlinkAndContinue(redis, namespace, cursor, match), redis.executor());
    }

    private static CompletableFuture<Void> unlinkAndContinue(CommandGateway redis, String namespace,
            KeyScanCursor<String> cursor, ScanArgs match) {
        List<String> keys = cursor.getKeys();
        CompletableFuture<?> unlinked = keys.isEmpty() ? CompletableFuture.completedFuture(null)
                : redis.call("UNLINK", "batch", (commands) -> commands.unlink(keys.toArray(String[]::new)));
        if (cursor.isFinished()) {
            return unlinked.thenApply((count) -> null);
        }
        return unlinked.thenComposeAsync((count) -> redis.call("SCAN", namespace,
                (commands) -> commands.scan(cursor, match)), redis.executor())
                .thenComposeAsync((next) -> unlinkAndContinue(redis, namespace, next, match), redis.executor());
    }

    static String escapeGlob(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
