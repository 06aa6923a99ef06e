package dev.beryl.cache.redis;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.ScriptOutputType;

/**
 * The script that adds a member to a tag: a sorted set of keys scored by their expiry on the server's clock. Members
 * that have expired are dropped on every add, and the set itself expires with its longest-lived member, so a tag
 * never outgrows its live entries. It touches only the tag's key, so it runs on a Cluster whatever slots the members
 * live on; like every {@link LuaScript}, it is sent by digest.
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

    private static final LuaScript ADD = new LuaScript("tag", SCRIPT);

    private TagScript() {
    }

    /** Adds {@code key} to {@code tag} until {@code ttlMillis} from now, on the server's clock. */
    static CompletableFuture<Long> add(CommandGateway redis, String tag, String key, long ttlMillis) {
        byte[] member = key.getBytes(StandardCharsets.UTF_8);
        byte[] lifetime = Long.toString(ttlMillis).getBytes(StandardCharsets.US_ASCII);
        return ADD.run(redis, ScriptOutputType.INTEGER, tag, member, lifetime);
    }
}
