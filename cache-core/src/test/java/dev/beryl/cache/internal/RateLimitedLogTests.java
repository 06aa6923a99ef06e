package dev.beryl.cache.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitedLogTests {

    /** Held here: java.util.logging keeps its loggers only weakly. */
    private final Logger logger = Logger.getLogger("dev.beryl.cache");

    private final List<String> lines = new CopyOnWriteArrayList<>();

    private final Handler handler = new Handler() {

        @Override
        public void publish(LogRecord record) {
            RateLimitedLogTests.this.lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        this.logger.addHandler(this.handler);
    }

    @AfterEach
    void stopListening() {
        this.logger.removeHandler(this.handler);
    }

    @Test
    void record_escapesControlCharacters_soNoKeyCanForgeALogLine() {
        RateLimitedLog log = new RateLimitedLog(Duration.ofSeconds(10), () -> 0L);
        log.record("backend 'red\nis'", "get beryl:x:\"a\r\n2026-01-01 ERROR forged\"",
                new IllegalStateException("down\nhard"));
        assertThat(this.lines).containsExactly("Beryl cache: backend 'red\\nis' failed to get beryl:x:\"a\\r\\n"
                + "2026-01-01 ERROR forged\"; the call went on without the cache: "
                + "java.lang.IllegalStateException: down\\nhard");
    }
}
