package dev.beryl.cache.redis;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.beryl.cache.internal.CacheDefinition;
import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.internal.StorePolicy;
import dev.beryl.cache.Tags;
import dev.beryl.cache.redis.testsupport.RedisExtension;
import dev.beryl.cache.redis.testsupport.RedisProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What callers see when Redis fails: a killed server, a paused one, a server that is down at start-up, and entries
 * that cannot be decoded. Calls always return the method's answer.
 */
class RedisFailureIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofMillis(250);

    /** What a call may take beyond one command timeout and its method: scheduling, and a busy machine. */
    private static final Duration DEADLINE_MARGIN = Duration.ofMillis(200);

    /** One command timeout and the margin: a call that waited for a second command fails this. */
    private static final Duration BOUND = TIMEOUT.plus(DEADLINE_MARGIN);

    @RegisterExtension
    static final RedisExtension redis = RedisExtension.standalone();

    private final CacheEngine engine = new CacheEngine();

    private final AtomicInteger loads = new AtomicInteger();

    private RedisCacheBackend backend;

    private CacheDefinition products;

    private RedisTestClient raw;

    @BeforeEach
    void freshServer() {
        redis.server().restart();
        this.raw = RedisTestClient.standalone(redis.server().uri());
        this.backend = backend();
        this.products = definition(this.backend);
    }

    @AfterEach
    void close() throws Exception {
        this.backend.close();
        this.raw.close();
    }

    @Test
    void killedRedis_callsKeepAnswering_andCachingResumesAfterRestart() throws Throwable {
        assertThat(load("beryl:products:1")).isEqualTo("v1");
        assertThat(load("beryl:products:1")).isEqualTo("v1");
        this.raw.close();

        redis.server().kill();
        for (int i = 2; i <= 12; i++) {
            long started = System.nanoTime();
            assertThat(load("beryl:products:1")).isEqualTo("v" + i);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
        }
        assertThat(this.backend.breakerOpenings()).isPositive();
        assertThat(this.engine.failures()).isPositive();

        redis.server().restart();
        // Lettuce reconnects and the breaker probes again on its own: wait for that, bounded.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> secondCallIsAHit("beryl:products:2"));
        this.raw = RedisTestClient.standalone(redis.server().uri());
        assertThat(this.raw.getString("beryl:products:2")).startsWith("\"v");
    }

    @Test
    void redisDownAtStartup_backendStartsDisconnected_andConnectsLater() throws Throwable {
        this.backend.close();
        redis.server().kill();
        this.backend = backend();
        this.products = definition(this.backend);
        assertThat(load("beryl:products:3")).isEqualTo("v1");
        assertThat(load("beryl:products:3")).isEqualTo("v2");

        redis.server().restart();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> secondCallIsAHit("beryl:products:3"));
        RedisTestClient fresh = RedisTestClient.standalone(redis.server().uri());
        try {
            assertThat(fresh.getString("beryl:products:3")).startsWith("\"v");
        }
        finally {
            fresh.close();
        }
    }

    @Test
    void pausedRedis_callsReturnWithinTimeout() throws Throwable {
        load("beryl:products:4");
        redis.server().pauseClients(Duration.ofSeconds(3));
        long started = System.nanoTime();
        assertThat(load("beryl:products:4")).isEqualTo("v2");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
    }

    /**
     * A Redis that hangs ({@code SIGSTOP}) costs each call one timeout at most, whichever command it hangs on: the
     * lookup (then no second lookup and no store), or the store after a miss (then the call does not wait past
     * what is left of its budget). Tagged stores, two round trips, included.
     */
    @Test
    void suspendedRedis_eachCallTakesOneTimeoutAtMost_plusTheMethod() throws Throwable {
        RedisExtension.assumeProcesses();
        Duration bound = BOUND;
        StorePolicy tagged = (value) -> Set.of(Tags.id("beryl", "product:7"));
        assertThat(load("beryl:products:7")).isEqualTo("v1");
        try {
            // Hangs on the store: the lookups are answered, then the method stops Redis.
            long started = System.nanoTime();
            Object value = this.engine.getOrLoad(this.products, "beryl:products:8", () -> {
                redis.server().suspend();
                return "stored into a hung Redis";
            }, tagged);
            assertThat(value).isEqualTo("stored into a hung Redis");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(bound);
            // Hangs on the lookup, until the breaker opens.
            for (int i = 0; i < 4; i++) {
                started = System.nanoTime();
                assertThat(this.engine.getOrLoad(this.products, "beryl:products:" + (10 + i), () -> "answered",
                        tagged)).isEqualTo("answered");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(bound);
            }
        }
        finally {
            redis.server().resume();
        }
    }

    /**
     * An invalidation that the open circuit breaker refused (it never reached Redis) is applied once Redis answers
     * again, and until then the entry it could not remove is never served.
     */
    @Test
    void invalidationRefusedWhileRedisHung_isAppliedWhenItIsBack_andTheOldEntryIsNeverServed() throws Throwable {
        RedisExtension.assumeProcesses();
        assertThat(load("beryl:products:20")).isEqualTo("v1");
        redis.server().suspend();
        try {
            for (int i = 0; i < 3; i++) {
                load("beryl:products:" + (30 + i));
            }
            // The third timeout reaches the breaker as Lettuce ends the command, a moment after the call gave up.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                    .until(() -> this.backend.breakerOpenings() > 0);
            this.engine.invalidate(this.products, "beryl:products:20");
        }
        finally {
            redis.server().resume();
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            Object value = loadUnchecked("beryl:products:20");
            assertThat(value).as("the entry the invalidation removed").isNotEqualTo("v1");
            return loadUnchecked("beryl:products:20").equals(value);
        });
    }

    @Test
    void corruptBytes_areAMiss_theMethodRuns_andTheEntryIsRepaired() throws Throwable {
        this.raw.setBytes("beryl:products:5", new byte[] { (byte) 0xC3, 0x28, 0x00, 0x7B });
        assertThat(load("beryl:products:5")).isEqualTo("v1");
        assertThat(this.backend.decodeFailures()).isEqualTo(1);
        assertThat(this.raw.getString("beryl:products:5")).isEqualTo("\"v1\"");
        assertThat(load("beryl:products:5")).isEqualTo("v1");
    }

    @Test
    void jsonOfTheWrongShape_isAMiss_theMethodRuns_andTheEntryIsRepaired() throws Throwable {
        CacheDefinition records = new CacheDefinition("records", "beryl:records", "redis", this.backend,
                Duration.ofMinutes(1), Item.class, false);
        this.raw.setString("beryl:records:1", "{\"title\":\"shape of an older deploy\"}");
        Object item = this.engine.getOrLoad(records, "beryl:records:1", () -> new Item(1, "fresh"));
        assertThat(item).isEqualTo(new Item(1, "fresh"));
        assertThat(this.backend.decodeFailures()).isEqualTo(1);
        assertThat(this.raw.getString("beryl:records:1")).isEqualTo("{\"id\":1,\"name\":\"fresh\"}");
    }

    @Test
    void taggedPut_whoseTagCannotBeWritten_storesNoValue() {
        RedisExtension.assumeProcesses();
        RedisProcess noScripts = RedisProcess.start("--rename-command", "EVALSHA", "", "--rename-command", "EVAL", "");
        try (RedisCacheBackend backend = RedisCacheBackend.builder().uri(noScripts.uri()).build()) {
            assertThatExceptionOfType(RedisCacheException.class).isThrownBy(() -> backend.setSync("beryl:products:9",
                    "value", Duration.ofMinutes(1), Set.of(Tags.id("beryl", "product:9"))));
            assertThat(noScripts.command("EXISTS", "beryl:products:9")).as("no entry its tag could not remove")
                    .isEqualTo("0");
        }
        finally {
            noScripts.stop();
        }
    }

    @Test
    void failOpenOff_letsTheFailureThrough() {
        CacheEngine strict = CacheEngine.builder().failOpen(false).build();
        redis.server().kill();
        assertThatExceptionOfType(RedisCacheException.class)
                .isThrownBy(() -> strict.getOrLoad(this.products, "beryl:products:6", this.loads::incrementAndGet));
        assertThat(this.loads).hasValue(0);
    }

    private Object load(String key) throws Throwable {
        return this.engine.getOrLoad(this.products, key, () -> "v" + this.loads.incrementAndGet());
    }

    private Object loadUnchecked(String key) {
        try {
            return load(key);
        }
        catch (Throwable ex) {
            throw new AssertionError(ex);
        }
    }

    /** Calls twice: whether the second call was answered from Redis rather than by the method. */
    private boolean secondCallIsAHit(String key) {
        try {
            load(key);
            int loaded = this.loads.get();
            load(key);
            return this.loads.get() == loaded;
        }
        catch (Throwable ex) {
            throw new AssertionError(ex);
        }
    }

    private static RedisCacheBackend backend() {
        return RedisCacheBackend.builder().uri(redis.server().uri()).commandTimeout(TIMEOUT)
                .connectTimeout(Duration.ofMillis(500)).circuitBreaker(3, Duration.ofMillis(300)).build();
    }

    private static CacheDefinition definition(RedisCacheBackend backend) {
        return new CacheDefinition("products", "beryl:products", "redis", backend, Duration.ofMinutes(1),
                String.class, false);
    }

    record Item(long id, String name) {
    }
}
