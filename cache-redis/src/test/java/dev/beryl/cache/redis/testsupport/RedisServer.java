package dev.beryl.cache.redis.testsupport;

import java.time.Duration;

/** A real Redis that a test owns: its address, and ways to make it fail. */
public interface RedisServer {

    String host();

    int port();

    /** {@code redis://host:port}. */
    default String uri() {
        return "redis://" + host() + ":" + port();
    }

    /** Kills the server: connections drop and new ones are refused. */
    void kill();

    /** Starts the server again on the same address, empty. */
    void restart();

    /** Runs one command and returns its reply as text, e.g. {@code command("PTTL", "beryl:products:42")}. */
    String command(String... args);

    /** Makes the server hold every client's commands for {@code duration} ({@code CLIENT PAUSE}). */
    default void pauseClients(Duration duration) {
        command("CLIENT", "PAUSE", Long.toString(duration.toMillis()), "ALL");
    }
}
