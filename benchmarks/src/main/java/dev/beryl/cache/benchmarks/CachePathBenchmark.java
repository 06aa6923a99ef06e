package dev.beryl.cache.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import com.alicp.jetcache.Cache;
import com.alicp.jetcache.embedded.CaffeineCacheBuilder;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;

import dev.beryl.cache.benchmarks.Shapes.Query;

/**
 * What groups 1 and 2 share: each implementation in front of the same four methods, for four argument shapes.
 * {@code direct}, {@code mapDecorator} and {@code caffeine} are the limits: the bare method, a hand-written
 * {@code ConcurrentHashMap} decorator, and Caffeine alone; {@code aopPassThrough} is what any Spring AOP interceptor
 * costs: the same class proxied the way Spring proxies beans, with one interceptor that only proceeds.
 * {@code jetcache} is JetCache's {@code @Cached} (LOCAL) through {@code @EnableMethodCache}; {@code jetcacheApi} is
 * its programmatic {@code computeIfAbsent}, with a list of the arguments as key. Subclasses choose the arguments of
 * each call: always the same ones (hits) or new ones (misses).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public abstract class CachePathBenchmark {

    @Param({ "direct", "mapDecorator", "caffeine", "aopPassThrough", "beryl", "berylMetrics", "springConcurrentMap",
            "springCaffeine", "jetcache", "jetcacheApi" })
    public String impl;

    @Param({ "oneArg", "threeArgs", "dto", "spel" })
    public String shape;

    private ConfigurableApplicationContext context;

    private Supplier<Object> call;

    /** Maps of the unbounded implementations, emptied between iterations so that misses cannot fill the heap. */
    private Runnable clearUnbounded = () -> {
    };

    /** Whether every call passes the same arguments, so that a key can be made once, before measuring. */
    protected abstract boolean sameArgumentsEveryCall();

    /** The id argument of the next call. */
    protected abstract long id();

    /** The query argument of the next call. */
    protected abstract Query query();

    @Setup(Level.Trial)
    public void setUp() {
        Services.Plain plain = new Services.Plain();
        switch (this.impl) {
            case "direct" -> this.call = calls(plain);
            case "mapDecorator" -> {
                Map<Object, Object> map = new ConcurrentHashMap<>();
                this.clearUnbounded = map::clear;
                this.call = decorate(map::computeIfAbsent, plain);
            }
            case "caffeine" -> {
                com.github.benmanes.caffeine.cache.Cache<Object, Object> caffeine = Caffeine.newBuilder()
                        .maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(60)).build();
                this.call = caffeine(caffeine, plain);
            }
            case "aopPassThrough" -> {
                ProxyFactory proxy = new ProxyFactory(plain);
                proxy.setProxyTargetClass(true);
                proxy.addAdvice((MethodInterceptor) MethodInvocation::proceed);
                this.call = calls((Services.Plain) proxy.getProxy());
            }
            case "beryl" -> {
                this.context = Contexts.beryl(Map.of());
                this.call = calls(this.context.getBean(Services.Beryl.class));
            }
            case "berylMetrics" -> {
                // The same, with its meters bound to a Micrometer registry.
                this.context = Contexts.beryl(Map.of(), Services.Beryl.class, Stampede.Loader.class,
                        SimpleMeterRegistry.class);
                this.call = calls(this.context.getBean(Services.Beryl.class));
            }
            case "springConcurrentMap" -> {
                this.context = Contexts.springConcurrentMap();
                CacheManager caches = this.context.getBean(CacheManager.class);
                this.clearUnbounded = () -> caches.getCacheNames().forEach((name) -> caches.getCache(name).clear());
                this.call = calls(this.context.getBean(Services.Spring.class));
            }
            case "springCaffeine" -> {
                this.context = Contexts.springCaffeine();
                this.call = calls(this.context.getBean(Services.Spring.class));
            }
            case "jetcache" -> {
                this.context = Contexts.jetcache();
                this.call = calls(this.context.getBean(Services.JetCached.class));
            }
            case "jetcacheApi" -> {
                Cache<Object, Object> jetcache = CaffeineCacheBuilder.createCaffeineCacheBuilder().limit(10_000)
                        .expireAfterWrite(60, TimeUnit.SECONDS).buildCache();
                this.call = decorate((key, loader) -> jetcache.computeIfAbsent(key, loader), plain);
            }
            default -> throw new IllegalArgumentException(this.impl);
        }
        checkCaching();
    }

    /**
     * Two calls: a cache runs the method once for the same arguments (never for the Caffeine limit, whose value is
     * stored beforehand), and twice for new ones.
     */
    private void checkCaching() {
        long before = Services.bodyRuns;
        this.call.get();
        this.call.get();
        long runs = Services.bodyRuns - before;
        boolean caches = !this.impl.equals("direct") && !this.impl.equals("aopPassThrough");
        long expected = (!caches || !sameArgumentsEveryCall()) ? 2 : this.impl.equals("caffeine") ? 0 : 1;
        if (runs != expected) {
            throw new IllegalStateException(this.impl + " (" + this.shape + ") ran the method " + runs
                    + " times in two calls, not " + expected);
        }
    }

    @Setup(Level.Iteration)
    public void clearUnbounded() {
        if (!sameArgumentsEveryCall()) {
            this.clearUnbounded.run();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (this.context != null) {
            this.context.close();
        }
    }

    /** One call, through the implementation measured. */
    protected final Object call() {
        return this.call.get();
    }

    private Supplier<Object> calls(Services.Plain service) {
        return switch (this.shape) {
            case "oneArg" -> () -> service.one(id());
            case "threeArgs" -> () -> service.three(id(), "eu", 3);
            case "dto" -> () -> service.dto(query());
            case "spel" -> () -> service.spel(query());
            default -> throw new IllegalArgumentException(this.shape);
        };
    }

    /** A decorator as people write one: the key from the arguments, the method as the loader. */
    private Supplier<Object> decorate(Decorator cache, Services.Plain service) {
        return switch (this.shape) {
            case "oneArg" -> () -> {
                long id = id();
                return cache.get(id, (key) -> service.one(id));
            };
            case "threeArgs" -> () -> {
                long id = id();
                return cache.get(List.of(id, "eu", 3), (key) -> service.three(id, "eu", 3));
            };
            case "dto" -> () -> {
                Query query = query();
                return cache.get(query, (key) -> service.dto(query));
            };
            case "spel" -> () -> {
                Query query = query();
                return cache.get(query.text() + ':' + query.page(), (key) -> service.spel(query));
            };
            default -> throw new IllegalArgumentException(this.shape);
        };
    }

    /**
     * Caffeine alone. For hits, {@code getIfPresent} on a key made beforehand; for misses, the key made as the
     * decorator makes it, a read, and a write.
     */
    private Supplier<Object> caffeine(com.github.benmanes.caffeine.cache.Cache<Object, Object> caffeine,
            Services.Plain service) {
        if (sameArgumentsEveryCall()) {
            Object key = switch (this.shape) {
                case "oneArg" -> id();
                case "threeArgs" -> List.of(id(), "eu", 3);
                case "dto" -> query();
                default -> query().text() + ':' + query().page();
            };
            caffeine.put(key, Services.VALUE);
            return () -> caffeine.getIfPresent(key);
        }
        return decorate((key, loader) -> {
            Object value = caffeine.getIfPresent(key);
            if (value == null) {
                value = loader.apply(key);
                caffeine.put(key, value);
            }
            return value;
        }, service);
    }

    @FunctionalInterface
    interface Decorator {

        Object get(Object key, Function<Object, Object> loader);
    }

}
