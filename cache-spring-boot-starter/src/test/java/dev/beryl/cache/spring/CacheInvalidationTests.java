package dev.beryl.cache.spring;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.beryl.cache.CacheEvent;
import dev.beryl.cache.CacheEventListener;
import dev.beryl.cache.annotation.CacheInvalidate;
import dev.beryl.cache.annotation.CachePut;
import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.key.CacheKeyGenerator;
import dev.beryl.cache.memory.InMemoryCacheBackend;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Invalidation, put-through, tags, key generators, the programmatic API and listeners, on the in-memory backend. */
class CacheInvalidationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
            .withBean(Catalogue.class).withBean(CatalogueAdmin.class);

    @Test
    void invalidateWithSameNameAndKey_makesTheNextReadRunTheMethod() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            CatalogueAdmin admin = context.getBean(CatalogueAdmin.class);
            assertThat(catalogue.product(42)).isEqualTo("product-42 v0");
            admin.rename(42, "v1");
            assertThat(catalogue.product(42)).isEqualTo("product-42 v1");
            assertThat(catalogue.product(42)).isEqualTo("product-42 v1");
            assertThat(catalogue.loads("product")).isEqualTo(2);
        });
    }

    @Test
    void putThrough_keepsTheTagsOfTheEntryItReplaces() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            CatalogueAdmin admin = context.getBean(CatalogueAdmin.class);
            assertThat(catalogue.product(42)).isEqualTo("product-42 v0");
            admin.save(42, "v1");
            assertThat(catalogue.product(42)).isEqualTo("product-42 v1");
            catalogue.version(42, "v2");
            admin.delete(42);
            assertThat(catalogue.product(42)).isEqualTo("product-42 v2");
            assertThat(catalogue.loads("product")).isEqualTo(2);
        });
    }

    @Test
    void invalidation_happensAfterSuccess_andNotWhenTheMethodThrows() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            CatalogueAdmin admin = context.getBean(CatalogueAdmin.class);
            catalogue.product(7);
            assertThatExceptionOfType(IOException.class).isThrownBy(() -> admin.failingRename(7));
            catalogue.product(7);
            assertThat(catalogue.loads("product")).isEqualTo(1);
        });
    }

    @Test
    void beforeInvocation_invalidatesEvenWhenTheMethodThrows() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            CatalogueAdmin admin = context.getBean(CatalogueAdmin.class);
            catalogue.product(8);
            assertThatExceptionOfType(IOException.class).isThrownBy(() -> admin.failingRenameBefore(8));
            catalogue.product(8);
            assertThat(catalogue.loads("product")).isEqualTo(2);
        });
    }

    @Test
    void allEntries_clearsThatCache_andLeavesTheOthers() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            catalogue.product(1);
            catalogue.product(2);
            catalogue.category("shoes");
            context.getBean(CatalogueAdmin.class).reloadProducts();
            catalogue.product(1);
            catalogue.product(2);
            catalogue.category("shoes");
            assertThat(catalogue.loads("product")).isEqualTo(4);
            assertThat(catalogue.loads("category")).isEqualTo(1);
        });
    }

    @Test
    void oneTag_removesTheEntryFromEveryCacheThatHoldsIt() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            catalogue.product(5);
            catalogue.category("socks");
            catalogue.category("shoes");
            context.getBean(CatalogueAdmin.class).delete(5);
            catalogue.product(5);
            catalogue.category("socks");
            catalogue.category("shoes");
            assertThat(catalogue.loads("product")).isEqualTo(2);
            assertThat(catalogue.loads("category")).as("socks holds product 5, shoes does not").isEqualTo(3);
        });
    }

    @Test
    void cachePut_storesTheResult_soTheNextReadIsAHitWithIt() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            catalogue.product(9);
            context.getBean(CatalogueAdmin.class).save(9, "v2");
            assertThat(catalogue.product(9)).isEqualTo("product-9 v2");
            assertThat(catalogue.loads("product")).isEqualTo(1);
        });
    }

    @Test
    void keyGeneratorByName_isUsedOnBothSides() {
        this.contextRunner.withBean("lowerCase", CacheKeyGenerator.class, () -> (target, method, args) -> String
                .valueOf(args[0]).toLowerCase()).withBean(Generated.class).run((context) -> {
                    Generated generated = context.getBean(Generated.class);
                    assertThat(generated.lookup("ABC")).isEqualTo(generated.lookup("abc"));
                    assertThat(context.getBean(InMemoryCacheBackend.class).getSync("beryl:generated:abc",
                            Object.class).isHit()).isTrue();
                    generated.forget("Abc");
                    generated.lookup("abc");
                    assertThat(generated.loads()).isEqualTo(2);
                });
    }

    @Test
    void singleKeyGeneratorBean_isTheDefault_forAnnotationsWithoutKey() {
        this.contextRunner.withBean(CacheKeyGenerator.class, () -> (target, method, args) -> "all-" + args.length)
                .run((context) -> {
                    context.getBean(Catalogue.class).category("a");
                    assertThat(context.getBean(InMemoryCacheBackend.class)
                            .getSync("beryl:Catalogue.category:all-1", Object.class).isHit()).isTrue();
                });
    }

    @Test
    void programmaticApi_resolvesNamesAndKeysAsTheAnnotationsDo() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            CacheOperations caches = context.getBean(CacheOperations.class);
            catalogue.product(3);
            assertThat(caches.find("products", 3L, String.class)).isEqualTo("product-3 v0");
            caches.put("products", 3L, "from code");
            assertThat(catalogue.product(3)).isEqualTo("from code");
            caches.invalidate("products", 3L);
            assertThat(caches.get("products", 3L, String.class).isHit()).isFalse();
            catalogue.category("socks");
            caches.invalidateTag("product:5");
            catalogue.category("socks");
            assertThat(catalogue.loads("category")).isEqualTo(2);
            caches.put("counts", "k", 7L);
            assertThat(caches.find("counts", "k", long.class)).isEqualTo(7L);
            caches.put("notes", "k", "v", Duration.ofMinutes(1), "note");
            caches.clear("notes");
            assertThat(caches.find("notes", "k", String.class)).isNull();
        });
    }

    @Test
    void programmaticGetOrLoad_under64ConcurrentCallers_runsTheLoaderOnce() {
        this.contextRunner.run((context) -> {
            CacheOperations caches = context.getBean(CacheOperations.class);
            AtomicInteger loads = new AtomicInteger();
            CountDownLatch loading = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<Thread> callers = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(64);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    results.add(pool.submit(() -> {
                        callers.add(Thread.currentThread());
                        return caches.getOrLoad("reports", "daily", String.class, Duration.ofMinutes(1), () -> {
                            loads.incrementAndGet();
                            callers.remove(Thread.currentThread());
                            loading.countDown();
                            release.await();
                            return "report";
                        });
                    }));
                }
                assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
                // Every other caller has arrived and waits for the one load before it is let finish.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (callers.size() < 63 || !callers.stream().allMatch((t) -> t.getState() == Thread.State.TIMED_WAITING)) {
                    assertThat(System.nanoTime()).as("callers waiting in time").isLessThan(deadline);
                    Thread.onSpinWait();
                }
                release.countDown();
                for (Future<String> result : results) {
                    assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("report");
                }
                assertThat(loads).hasValue(1);
            }
            finally {
                pool.shutdownNow();
            }
        });
    }

    @Test
    void listeners_receiveTheEventsInOrder_andAThrowingListenerDoesNotFailTheCall() {
        List<String> events = new CopyOnWriteArrayList<>();
        this.contextRunner.withBean("throwing", CacheEventListener.class, () -> (event) -> {
            throw new IllegalStateException("listener bug");
        }).withBean("recording", CacheEventListener.class, () -> (event) -> events.add(describe(event)))
                .run((context) -> {
                    Catalogue catalogue = context.getBean(Catalogue.class);
                    assertThat(catalogue.product(11)).isEqualTo("product-11 v0");
                    catalogue.product(11);
                    context.getBean(CatalogueAdmin.class).rename(11, "v1");
                    assertThat(events).containsExactly("MISS products beryl:products:11", "LOAD products "
                            + "beryl:products:11", "PUT products beryl:products:11", "HIT products beryl:products:11",
                            "INVALIDATE products beryl:products:11",
                            "INVALIDATE_TAG null beryl::tag:product:11");
                });
    }

    @Test
    void cachedAndCachePutOnOneMethod_failStartup() {
        this.contextRunner.withBean(Contradiction.class).run((context) -> assertThat(rootCause(context.getStartupFailure()))
                .hasMessage("@Cached and @CachePut on Contradiction.both(long): a method either answers from the "
                        + "cache or always runs, not both"));
    }

    @Test
    void invalidateWithoutNameOrTags_failsStartup() {
        this.contextRunner.withBean(Aimless.class).run((context) -> assertThat(rootCause(context.getStartupFailure()))
                .hasMessage("@CacheInvalidate on Aimless.update(long): neither name nor tags say what to invalidate"));
    }

    @Test
    void invalidateOnAnotherBackendThanTheCache_failsStartup() {
        this.contextRunner.withBean("elsewhere", dev.beryl.cache.CacheBackend.class,
                CachedInterceptionTests.MapBackend::new).withBean(WrongBackend.class).run((context) -> assertThat(
                        rootCause(context.getStartupFailure())).hasMessage("@CacheInvalidate on WrongBackend.update"
                                + "(long): backend 'elsewhere' is not where cache 'products' lives ('memory')"));
    }

    @Test
    void twoBeansOfOneClass_withoutAKeyThatTellsThemApart_failStartup() {
        this.contextRunner.withUserConfiguration(TwoRegions.class).run((context) -> assertThat(
                rootCause(context.getStartupFailure())).hasMessage("@Cached on RegionClient.lookup(long): "
                        + "RegionClient backs the beans [eu, us], whose calls would share the entries of cache "
                        + "'RegionClient.lookup'"));
    }

    @Test
    void twoBeansOfOneClass_withATargetKey_keepTheirEntriesApart() {
        this.contextRunner.withUserConfiguration(TwoRegionsKeyed.class).run((context) -> {
            KeyedRegionClient eu = context.getBean("eu", KeyedRegionClient.class);
            KeyedRegionClient us = context.getBean("us", KeyedRegionClient.class);
            assertThat(eu.lookup(1)).isEqualTo("eu:1");
            assertThat(us.lookup(1)).isEqualTo("us:1");
        });
    }

    @Test
    void overloadsSharingTheDefaultName_failStartup() {
        this.contextRunner.withBean(Overloads.class).run((context) -> assertThat(
                rootCause(context.getStartupFailure())).hasMessageContaining("cache 'Overloads.find' is also used by "
                        + "Overloads.find(").hasMessageContaining("whose default cache name is the same"));
    }

    @Test
    void sameSimpleClassNameInTwoPackages_failsStartup_ratherThanSharingEntries() {
        this.contextRunner.withBean("a", dev.beryl.cache.spring.samename.a.Svc.class)
                .withBean("b", dev.beryl.cache.spring.samename.b.Svc.class).run((context) -> assertThat(
                        rootCause(context.getStartupFailure())).hasMessageContaining("cache 'Svc.get' is also used by")
                        .hasMessageContaining("whose default cache name is the same"));
    }

    @Test
    void stringArgument_defaultKey_keyExpression_andProgrammaticKey_allMeet() {
        this.contextRunner.withBean(Skus.class).run((context) -> {
            Skus skus = context.getBean(Skus.class);
            skus.bySku("AB-1");
            skus.forget("AB-1");
            skus.bySku("AB-1");
            context.getBean(CacheOperations.class).invalidate("bySku", "AB-1");
            skus.bySku("AB-1");
            assertThat(skus.loads()).isEqualTo(3);
            assertThat(context.getBean(InMemoryCacheBackend.class).getSync("beryl:bySku:\"AB-1\"", Object.class)
                    .isHit()).isTrue();
        });
    }

    @Test
    void putThroughAndTagInvalidationOnOneMethod_keepTheNewValue() {
        this.contextRunner.withBean(Versions.class).run((context) -> {
            Versions versions = context.getBean(Versions.class);
            versions.read(1);
            versions.write(1, "v2");
            assertThat(versions.read(1)).isEqualTo("v2");
            assertThat(versions.reads()).isEqualTo(1);
        });
    }

    @Test
    void tagsOnABackendWithoutTags_failStartup() {
        this.contextRunner.withBean("plain", dev.beryl.cache.CacheBackend.class, CachedInterceptionTests.MapBackend::new)
                .withBean(TaggedOnPlain.class).run((context) -> assertThat(rootCause(context.getStartupFailure()))
                        .hasMessage("@Cached on TaggedOnPlain.get(long): backend 'plain' does not support tags"));
    }

    @Test
    void wrongInvalidationBackend_onAMethodThatAlsoCaches_failsStartup() {
        this.contextRunner.withBean("elsewhere", dev.beryl.cache.CacheBackend.class,
                CachedInterceptionTests.MapBackend::new).withBean(ReadsAndInvalidates.class).run((context) -> assertThat(
                        rootCause(context.getStartupFailure())).hasMessage("@CacheInvalidate on ReadsAndInvalidates"
                                + ".refresh(long): backend 'elsewhere' is not where cache 'products' lives ('memory')"));
    }

    @Test
    void cachePutNamingADefaultNamedCache_isAllowed() {
        this.contextRunner.withBean(Reader.class).run((context) -> {
            assertThat(context).hasNotFailed();
            Reader reader = context.getBean(Reader.class);
            reader.overwrite(4);
            assertThat(reader.plain(4)).isEqualTo("written 4");
        });
    }

    private static String describe(CacheEvent event) {
        return event.kind() + " " + event.cache() + " " + event.key();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (!(cause instanceof CacheConfigurationException) && cause != null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    public static class Catalogue {

        final Map<Long, String> versions = new ConcurrentHashMap<>();

        private final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();

        @Cached(name = "products", key = "#id", tags = "'product:' + #id")
        public String product(long id) {
            count("product");
            return "product-" + id + " " + this.versions.getOrDefault(id, "v0");
        }

        @Cached(tags = "#result.![ 'product:' + #this ]")
        public List<Long> category(String name) {
            count("category");
            return name.equals("socks") ? List.of(5L, 6L) : List.of(1L, 2L);
        }

        public void version(long id, String version) {
            this.versions.put(id, version);
        }

        public int loads(String method) {
            return this.loads.computeIfAbsent(method, (m) -> new AtomicInteger()).get();
        }

        private void count(String method) {
            this.loads.computeIfAbsent(method, (m) -> new AtomicInteger()).incrementAndGet();
        }
    }

    public static class CatalogueAdmin {

        private final Catalogue catalogue;

        public CatalogueAdmin(Catalogue catalogue) {
            this.catalogue = catalogue;
        }

        @CacheInvalidate(name = "products", key = "#id")
        @CacheInvalidate(tags = "'product:' + #id")
        public boolean rename(long id, String version) {
            this.catalogue.version(id, version);
            return true;
        }

        @CacheInvalidate(name = "products", key = "#id")
        public boolean failingRename(long id) throws IOException {
            throw new IOException("database down");
        }

        @CacheInvalidate(name = "products", key = "#id", beforeInvocation = true)
        public boolean failingRenameBefore(long id) throws IOException {
            throw new IOException("database down");
        }

        @CacheInvalidate(name = "products", allEntries = true)
        public int reloadProducts() {
            return 0;
        }

        @CacheInvalidate(tags = "'product:' + #id")
        public boolean delete(long id) {
            return true;
        }

        @CachePut(name = "products", key = "#id")
        public String save(long id, String version) {
            this.catalogue.version(id, version);
            return "product-" + id + " " + version;
        }
    }

    public static class Generated {

        private final AtomicInteger loads = new AtomicInteger();

        @Cached(name = "generated", keyGenerator = "lowerCase")
        public String lookup(String code) {
            this.loads.incrementAndGet();
            return code.toLowerCase();
        }

        @CacheInvalidate(name = "generated", keyGenerator = "lowerCase")
        public boolean forget(String code) {
            return true;
        }

        public int loads() {
            return this.loads.get();
        }
    }

    public static class Skus {

        private final AtomicInteger loads = new AtomicInteger();

        @Cached(name = "bySku")
        public String bySku(String sku) {
            this.loads.incrementAndGet();
            return "item " + sku;
        }

        @CacheInvalidate(name = "bySku", key = "#sku")
        public boolean forget(String sku) {
            return true;
        }

        public int loads() {
            return this.loads.get();
        }
    }

    public static class Versions {

        private final AtomicInteger reads = new AtomicInteger();

        @Cached(name = "versions", key = "#id", tags = "'item:' + #id")
        public String read(long id) {
            this.reads.incrementAndGet();
            return "v1";
        }

        @CachePut(name = "versions", key = "#id", tags = "'item:' + #id")
        @CacheInvalidate(tags = "'item:' + #id")
        public String write(long id, String version) {
            return version;
        }

        public int reads() {
            return this.reads.get();
        }
    }

    public static class TaggedOnPlain {

        @Cached(backend = "plain", tags = "'t'")
        public String get(long id) {
            return "";
        }
    }

    public static class ReadsAndInvalidates {

        @Cached(name = "products")
        @CacheInvalidate(name = "products", key = "#id", backend = "elsewhere")
        public String refresh(long id) {
            return "";
        }
    }

    public static class Reader {

        @Cached
        public String plain(long id) {
            return "read " + id;
        }

        @CachePut(name = "Reader.plain", key = "#id")
        public String overwrite(long id) {
            return "written " + id;
        }
    }

    public static class Contradiction {

        @Cached
        @CachePut
        public String both(long id) {
            return "";
        }
    }

    public static class Aimless {

        @CacheInvalidate
        public boolean update(long id) {
            return true;
        }
    }

    public static class WrongBackend {

        @Cached(name = "products")
        public String product(long id) {
            return "";
        }

        @CacheInvalidate(name = "products", key = "#id", backend = "elsewhere")
        public boolean update(long id) {
            return true;
        }
    }

    public static class RegionClient {

        private final String region;

        public RegionClient(String region) {
            this.region = region;
        }

        @Cached
        public String lookup(long id) {
            return this.region + ":" + id;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoRegions {

        @Bean
        RegionClient eu() {
            return new RegionClient("eu");
        }

        @Bean
        RegionClient us() {
            return new RegionClient("us");
        }
    }

    public static class KeyedRegionClient {

        private final String region;

        public KeyedRegionClient(String region) {
            this.region = region;
        }

        public String getRegion() {
            return this.region;
        }

        @Cached(key = "#root.target.region + ':' + #id")
        public String lookup(long id) {
            return this.region + ":" + id;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoRegionsKeyed {

        @Bean
        KeyedRegionClient eu() {
            return new KeyedRegionClient("eu");
        }

        @Bean
        KeyedRegionClient us() {
            return new KeyedRegionClient("us");
        }
    }

    public static class Overloads {

        @Cached
        public String find(long id) {
            return "";
        }

        @Cached
        public String find(int page) {
            return "";
        }
    }
}
