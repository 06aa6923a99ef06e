package dev.beryl.cache.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

import io.lettuce.core.ScriptOutputType;

/**
 * A Lua script of the backend, run on one key. It is sent by digest ({@code EVALSHA}), and in full ({@code EVAL})
 * only to a server that answers {@code NOSCRIPT}: after a restart, a failover, or on a Cluster node that has not seen
 * it yet. A script touches only the one key it is given, so it runs on a Cluster whatever slot that key lives on.
 */
final class LuaScript {

    private final String name;

    private final String source;

    private final String sha;

    /**
     * @param name what the script does, for messages, e.g. {@code tag}
     * @param source the script; it reads and writes {@code KEYS[1]} only
     */
    LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1Hex(source);
    }

    /** Runs the script on {@code key} through the gateway, with {@code args} as {@code ARGV}. */
    <T> CompletableFuture<T> run(CommandGateway redis, ScriptOutputType output, String key, byte[]... args) {
        String[] keys = { key };
        return redis.call(this.name, key, (commands) -> commands.<T>evalsha(this.sha, output, keys, args))
                .exceptionallyCompose((failure) -> CommandGateway.isNoScript(failure)
                        ? redis.call(this.name, key, (commands) -> commands.<T>eval(this.source, output, keys, args))
                        : CompletableFuture.failedFuture(failure));
    }

    /** The SHA-1 digest of bytes, as 40 hex digits: how Redis names a script, and what {@code redis.sha1hex} gives. */
    static String sha1Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("Every Java platform has SHA-1", ex);
        }
    }

    private static String sha1Hex(String script) {
        return sha1Hex(script.getBytes(StandardCharsets.UTF_8));
    }
}
