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

    /**
     * Stops the server process ({@code SIGSTOP}): connections stay open and commands get no answer, as with a server
     * that hangs. Only servers run as processes can.
     */
    default void suspend() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be suspended");
    }

    /** Lets a {@linkplain #suspend() suspended} server go on ({@code SIGCONT}). */
    default void resume() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be resumed");
    }

    /** Makes the server hold every client's commands for {@code duration} ({@code CLIENT PAUSE}). */
    default void pauseClients(Duration duration) {
        command("CLIENT", "PAUSE", Long.toString(duration.toMillis()), "ALL");
    }
}
