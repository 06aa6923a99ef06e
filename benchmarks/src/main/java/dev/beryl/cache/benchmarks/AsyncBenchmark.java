package dev.beryl.cache.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

import com.github.benmanes.caffeine.cache.Caffeine;
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
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext;

import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.benchmarks.Shapes.Product;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;
import reactor.core.publisher.Mono;

/**
 * Methods that return a {@code CompletableFuture} or a {@code Mono}, cached by Beryl's {@code @Cached} and by
 * Spring's {@code @Cacheable} (Caffeine in its asynchronous mode, or {@code RedisCacheManager}), on memory and on
 * Redis: a hit (1,024 keys called round robin, each waited for with {@code join()} or {@code block()}) and a miss
 * (a new key every call, the value stored). The Redis server is the one {@code benchmarks/run.sh} starts, named by
 * {@code BERYL_BENCH_REDIS}.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar AsyncBenchmark -p backend=memory -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AsyncBenchmark {

    private static final int KEYS = 1024;

    @Param({ "beryl", "spring" })
    public String impl;

    @Param({ "future", "mono" })
    public String shape;

    @Param({ "memory", "redis" })
    public String backend;

    private ConfigurableApplicationContext context;

    private LongFunction<Object> call;

    private long next;

    /** Keys of misses start far from the hits' and never repeat within a trial. */
    private long missKey = 1L << 40;

    @Setup(Level.Trial)
    public void setUp() {
        String url = System.getenv().getOrDefault("BERYL_BENCH_REDIS", "redis://127.0.0.1:6399");
        String prefix = "async-" + System.nanoTime();
        if (this.impl.equals("beryl")) {
            AnnotationConfigApplicationContext beryl = new AnnotationConfigApplicationContext();
            beryl.getEnvironment().getPropertySources().addFirst(new MapPropertySource("benchmark", Map.of(
                    "beryl.cache.default-backend", this.backend, "beryl.cache.redis.url", url,
                    "beryl.cache.key-prefix", prefix, "beryl.cache.memory.max-entries", 100_000)));
            for (Class<?> configuration : AutoConfigurations.getClasses(AutoConfigurations.of(
                    BerylCacheAutoConfiguration.class))) {
                beryl.register(configuration);
            }
            beryl.registerBean(BerylQuotes.class);
            beryl.refresh();
            this.context = beryl;
        }
        else {
            AnnotationConfigApplicationContext spring = new AnnotationConfigApplicationContext();
            spring.register(this.backend.equals("memory") ? CaffeineAsync.class : RedisAsync.class);
            java.net.URI uri = java.net.URI.create(url);
            spring.getEnvironment().getPropertySources().addFirst(new MapPropertySource("benchmark", Map.of(
                    "bench.redis.host", uri.getHost(), "bench.redis.port", uri.getPort(), "bench.prefix", prefix)));
            spring.registerBean(SpringQuotes.class);
            spring.refresh();
            this.context = spring;
        }
        Quotes quotes = this.context.getBean(Quotes.class);
        this.call = this.shape.equals("future") ? (id) -> quotes.future(id).join() : (id) -> quotes.mono(id).block();
        for (long id = 0; id < KEYS; id++) {
            this.call.apply(id);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        this.context.close();
    }

    @Benchmark
    public Object hit() {
        return this.call.apply((this.next++) & (KEYS - 1));
    }

    @Benchmark
    public Object miss() {
        return this.call.apply(this.missKey++);
    }

    /** The methods that both libraries cache. */
    public interface Quotes {

        CompletableFuture<Product> future(long id);

        Mono<Product> mono(long id);
    }

    public static class BerylQuotes implements Quotes {

        @Override
        @Cached(name = "future", ttl = "60s")
        public CompletableFuture<Product> future(long id) {
            return CompletableFuture.completedFuture(Services.VALUE);
        }

        @Override
        @Cached(name = "mono", ttl = "60s")
        public Mono<Product> mono(long id) {
            return Mono.just(Services.VALUE);
        }
    }

    public static class SpringQuotes implements Quotes {

        @Override
        @Cacheable("future")
        public CompletableFuture<Product> future(long id) {
            return CompletableFuture.completedFuture(Services.VALUE);
        }

        @Override
        @Cacheable("mono")
        public Mono<Product> mono(long id) {
            return Mono.just(Services.VALUE);
        }
    }

    /** Spring's Caffeine caches in the asynchronous mode that its future and publisher support needs. */
    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class CaffeineAsync {

        @Bean
        CacheManager cacheManager() {
            CaffeineCacheManager manager = new CaffeineCacheManager();
            manager.setCaffeine(Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofSeconds(60)));
            manager.setAsyncCacheMode(true);
            return manager;
        }
    }

    /** Spring's {@code RedisCacheManager} over Lettuce, with JSON values, as in {@link RedisHitBenchmark}. */
    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class RedisAsync {

        @Bean
        LettuceConnectionFactory connectionFactory(org.springframework.core.env.Environment environment) {
            return new LettuceConnectionFactory(new RedisStandaloneConfiguration(
                    environment.getRequiredProperty("bench.redis.host"),
                    environment.getRequiredProperty("bench.redis.port", Integer.class)));
        }

        @Bean
        CacheManager cacheManager(LettuceConnectionFactory connectionFactory,
                org.springframework.core.env.Environment environment) {
            RedisCacheConfiguration values = RedisCacheConfiguration.defaultCacheConfig().entryTtl(Duration.ofSeconds(60))
                    .prefixCacheNameWith(environment.getRequiredProperty("bench.prefix") + ":")
                    .serializeValuesWith(RedisSerializationContext.SerializationPair
                            .fromSerializer(GenericJacksonJsonRedisSerializer.builder().enableUnsafeDefaultTyping()
                                    .enableSpringCacheNullValueSupport().build()));
            return RedisCacheManager.builder(connectionFactory).cacheDefaults(values).build();
        }
    }
}
