package dev.beryl.cache.benchmarks.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.beryl.cache.annotation.Cached;

/**
 * Group 9, HTTP end to end: one application with an uncached constant endpoint (the limit), Beryl hits in memory and
 * on Redis, and Spring's {@code @Cacheable} with Caffeine, all returning the same small record, for {@code wrk}.
 * Group 9b, expiry under load: a slow endpoint (200 ms) cached in memory for 1 s, with and without
 * {@code staleWhileRevalidate}, so that its one hot key expires again and again under {@code wrk}; {@code /expiry/runs}
 * tells how many times each ran. Started by {@code benchmarks/run.sh}; Redis comes from {@code BERYL_BENCH_REDIS}.
 */
@SpringBootApplication
@EnableCaching
public class HttpBenchApplication {

    public static void main(String[] args) {
        System.setProperty("beryl.cache.redis.url",
                System.getenv().getOrDefault("BERYL_BENCH_REDIS", "redis://127.0.0.1:6399"));
        SpringApplication.run(HttpBenchApplication.class, args);
    }

    @Bean
    CacheManager cacheManager() {
        CaffeineCacheManager manager = new CaffeineCacheManager();
        manager.setCaffeine(Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(60)));
        return manager;
    }

    /** What every endpoint returns: a small product record. */
    public record Product(long id, String name, String category, long priceCents) {
    }

    @RestController
    public static class Endpoints {

        /** How long the method behind the expiring endpoints takes, as a slow upstream might. */
        private static final long SLOW_MILLIS = 200;

        private final AtomicLong expiringRuns = new AtomicLong();

        private final AtomicLong staleRuns = new AtomicLong();

        private static Product product(long id) {
            return new Product(id, "Trail running shoes", "shoes", 12_900);
        }

        @GetMapping("/constant/{id}")
        public Product constant(@PathVariable long id) {
            return product(id);
        }

        @GetMapping("/beryl/memory/{id}")
        @Cached(name = "httpMemory", backend = "memory", ttl = "10m")
        public Product berylMemory(@PathVariable long id) {
            return product(id);
        }

        @GetMapping("/beryl/redis/{id}")
        @Cached(name = "httpRedis", backend = "redis", ttl = "10m")
        public Product berylRedis(@PathVariable long id) {
            return product(id);
        }

        @GetMapping("/expiry/plain/{id}")
        @Cached(name = "httpExpiring", backend = "memory", ttl = "1s")
        public Product expiring(@PathVariable long id) throws InterruptedException {
            this.expiringRuns.incrementAndGet();
            Thread.sleep(SLOW_MILLIS);
            return product(id);
        }

        @GetMapping("/expiry/stale/{id}")
        @Cached(name = "httpExpiringStale", backend = "memory", ttl = "1s", staleWhileRevalidate = "30s")
        public Product expiringStale(@PathVariable long id) throws InterruptedException {
            this.staleRuns.incrementAndGet();
            Thread.sleep(SLOW_MILLIS);
            return product(id);
        }

        /** How many times the slow method ran behind each expiring endpoint: loads and background refreshes. */
        @GetMapping("/expiry/runs")
        public Map<String, Long> expiryRuns() {
            return Map.of("plain", this.expiringRuns.get(), "stale", this.staleRuns.get());
        }

        @GetMapping("/spring/{id}")
        @Cacheable("httpSpring")
        public Product spring(@PathVariable long id) {
            return product(id);
        }
    }
}
