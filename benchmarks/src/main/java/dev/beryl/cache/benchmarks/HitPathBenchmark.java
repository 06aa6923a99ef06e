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
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.openjdk.jmh.annotations.Benchmark;
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
import org.springframework.context.ConfigurableApplicationContext;

import dev.beryl.cache.benchmarks.Shapes.Query;

/**
 * Group 1, the hit path in memory: one call that the cache answers, through each implementation, for four argument
 * shapes. {@code direct}, {@code mapDecorator} and {@code caffeine} are the limits: the bare method, a hand-written
 * {@code ConcurrentHashMap} decorator, and Caffeine's {@code getIfPresent} on a key built beforehand;
 * {@code aopPassThrough} is what any Spring AOP interceptor costs: the same class proxied the way Spring proxies beans,
 * with one interceptor that only proceeds. JetCache runs
 * through its programmatic API (its annotations need Spring 5/6 infrastructure), with a list of the arguments as key.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar HitPathBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HitPathBenchmark {

    @Param({ "direct", "mapDecorator", "caffeine", "aopPassThrough", "beryl", "springConcurrentMap", "springCaffeine", "jetcache" })
    public String impl;

    @Param({ "oneArg", "threeArgs", "dto", "spel" })
    public String shape;

    private ConfigurableApplicationContext context;

    private Supplier<Object> call;

    @Setup(Level.Trial)
    public void setUp() {
        Query query = new Query("trail shoes", 2);
        Services.Plain plain = new Services.Plain();
        switch (this.impl) {
            case "direct" -> this.call = calls(plain, query);
            case "mapDecorator" -> {
                Map<Object, Object> map = new ConcurrentHashMap<>();
                Services.Plain target = plain;
                this.call = decorate(map::computeIfAbsent, target, query);
            }
            case "caffeine" -> {
                com.github.benmanes.caffeine.cache.Cache<Object, Object> caffeine = Caffeine.newBuilder()
                        .maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(60)).build();
                Object key = key(query);
                caffeine.put(key, Services.VALUE);
                this.call = () -> caffeine.getIfPresent(key);
            }
            case "aopPassThrough" -> {
                ProxyFactory proxy = new ProxyFactory(plain);
                proxy.setProxyTargetClass(true);
                proxy.addAdvice((MethodInterceptor) MethodInvocation::proceed);
                this.call = calls((Services.Plain) proxy.getProxy(), query);
            }
            case "beryl" -> {
                this.context = Contexts.beryl(Map.of());
                this.call = calls(this.context.getBean(Services.Beryl.class), query);
            }
            case "springConcurrentMap" -> {
                this.context = Contexts.springConcurrentMap();
                this.call = calls(this.context.getBean(Services.Spring.class), query);
            }
            case "springCaffeine" -> {
                this.context = Contexts.springCaffeine();
                this.call = calls(this.context.getBean(Services.Spring.class), query);
            }
            case "jetcache" -> {
                Cache<Object, Object> jetcache = CaffeineCacheBuilder.createCaffeineCacheBuilder().limit(10_000)
                        .expireAfterWrite(60, TimeUnit.SECONDS).buildCache();
                this.call = decorate((key, loader) -> jetcache.computeIfAbsent(key, loader), plain, query);
            }
            default -> throw new IllegalArgumentException(this.impl);
        }
        this.call.get();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (this.context != null) {
            this.context.close();
        }
    }

    @Benchmark
    public Object hit() {
        return this.call.get();
    }

    private Supplier<Object> calls(Services.Plain service, Query query) {
        return switch (this.shape) {
            case "oneArg" -> () -> service.one(42L);
            case "threeArgs" -> () -> service.three(42L, "eu", 3);
            case "dto", "spel" -> this.shape.equals("dto") ? () -> service.dto(query) : () -> service.spel(query);
            default -> throw new IllegalArgumentException(this.shape);
        };
    }

    /** A decorator as people write one: the key from the arguments, the method as the loader. */
    private Supplier<Object> decorate(Decorator cache, Services.Plain service, Query query) {
        return switch (this.shape) {
            case "oneArg" -> () -> cache.get(42L, (key) -> service.one(42L));
            case "threeArgs" -> () -> cache.get(List.of(42L, "eu", 3), (key) -> service.three(42L, "eu", 3));
            case "dto" -> () -> cache.get(query, (key) -> service.dto(query));
            case "spel" -> () -> cache.get(query.text() + ':' + query.page(), (key) -> service.spel(query));
            default -> throw new IllegalArgumentException(this.shape);
        };
    }

    private Object key(Query query) {
        return switch (this.shape) {
            case "oneArg" -> 42L;
            case "threeArgs" -> List.of(42L, "eu", 3);
            case "dto" -> query;
            default -> query.text() + ':' + query.page();
        };
    }

    @FunctionalInterface
    interface Decorator {

        Object get(Object key, Function<Object, Object> loader);
    }

}
