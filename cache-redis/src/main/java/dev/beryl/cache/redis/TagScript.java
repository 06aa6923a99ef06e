package dev.beryl.cache.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.ScriptOutputType;

/**
 * The script that adds a member to a tag: a sorted set of keys scored by their expiry on the server's clock. Members
 * that have expired are dropped on every add, and the set itself expires with its longest-lived member, so a tag
 * never outgrows its live entries. It touches only the tag's key, so it runs on a Cluster whatever slots the members
 * live on.
 * <p>
 * It is sent by digest ({@code EVALSHA}), and in full ({@code EVAL}) only to a server that answers {@code NOSCRIPT}:
 * after a restart, a failover, or on a Cluster node that has not seen it yet.
 */
final class TagScript {

    static final String SCRIPT = """
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
            redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
            local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
            redis.call('PEXPIREAT', KEYS[1], string.format('%.0f', tonumber(last[2])))
            return 1
            """;

    static final String SHA = sha1Hex(SCRIPT);

    private TagScript() {
    }

    /** Adds {@code key} to {@code tag} until {@code ttlMillis} from now, on the server's clock. */
    static CompletableFuture<Long> add(CommandGateway redis, String tag, String key, long ttlMillis) {
        String[] keys = { tag };
        byte[] member = key.getBytes(StandardCharsets.UTF_8);
        byte[] lifetime = Long.toString(ttlMillis).getBytes(StandardCharsets.US_ASCII);
        return redis.call("tag", tag, (commands) -> commands.<Long>evalsha(SHA, ScriptOutputType.INTEGER, keys,
                member, lifetime)).exceptionallyCompose((failure) -> CommandGateway.isNoScript(failure)
                        ? redis.call("tag", tag, (commands) -> commands.<Long>eval(SCRIPT, ScriptOutputType.INTEGER,
                                keys, member, lifetime))
                        : CompletableFuture.failedFuture(failure));
    }

    private static String sha1Hex(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java platform has SHA-1", ex);
        }
    }
}
