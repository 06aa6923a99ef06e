package dev.beryl.cache;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CacheEventTests {

    @Test
    void toString_escapesControlCharacters() {
        CacheEvent event = new CacheEvent(CacheEvent.Kind.ERROR, "users", "beryl:users:\"a\r\nb\"", "memory",
                Duration.ofMillis(3), new IllegalStateException("bad\tkey"));
        assertThat(event).hasToString("CacheEvent[kind=ERROR, cache=users, key=beryl:users:\"a\\r\\nb\", "
                + "backend=memory, duration=PT0.003S, failure=java.lang.IllegalStateException: bad\\tkey]");
        assertThat(new CacheEvent(CacheEvent.Kind.INVALIDATE_TAG, null, "beryl::tag:x", "redis", Duration.ZERO, null))
                .hasToString("CacheEvent[kind=INVALIDATE_TAG, cache=null, key=beryl::tag:x, backend=redis, "
                        + "duration=PT0S, failure=null]");
    }
}
