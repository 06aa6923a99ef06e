package dev.beryl.cache.spring;

import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.CacheLookup;
import dev.beryl.cache.FakeTicker;
import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.memory.InMemoryCacheBackend;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What a user of {@code @Cached} relies on, through real Spring proxies. */
class CachedInterceptionTests {

    private final FakeTicker ticker = new FakeTicker();

    private final InMemoryCacheBackend memory = InMemoryCacheBackend.builder().ticker(this.ticker).build();

    private final MapBackend audit = new MapBackend();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class))
            .withBean(InMemoryCacheBackend.class, () -> this.memory)
            .withBean("audit", CacheBackend.class, () -> this.audit)
            .withBean("keys", KeyHelper.class)
            .withBean(Catalogue.class);

    @Test
    void defaultTtl_andAnnotationTtl_eachExpireOnTime() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            catalogue.product(1);
            catalogue.shortLived(1);
            this.ticker.advance(Duration.ofSeconds(11));
            catalogue.product(1);
            catalogue.shortLived(1);
            assertThat(catalogue.calls("product")).isEqualTo(1);
            assertThat(catalogue.calls("shortLived")).isEqualTo(2);
            this.ticker.advance(Duration.ofSeconds(50));
            catalogue.product(1);
            assertThat(catalogue.calls("product")).isEqualTo(2);
        });
    }

    @Test
    void ttlPlaceholder_isResolvedFromProperties() {
        this.contextRunner.withPropertyValues("catalogue.ttl=5s").run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            catalogue.configuredTtl(1);
            this.ticker.advance(Duration.ofSeconds(4));
            catalogue.configuredTtl(1);
            assertThat(catalogue.calls("configuredTtl")).isEqualTo(1);
            this.ticker.advance(Duration.ofSeconds(1));
            catalogue.configuredTtl(1);
            assertThat(catalogue.calls("configuredTtl")).isEqualTo(2);
        });
    }

    @Test
    void ttlPlaceholder_defaultApplies_whenPropertyMissing() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            catalogue.configuredTtl(1);
            this.ticker.advance(Duration.ofSeconds(29));
            catalogue.configuredTtl(1);
            assertThat(catalogue.calls("configuredTtl")).isEqualTo(1);
        });
    }

    @Test
    void defaultKey_andName_followTheContract() {
        this.contextRunner.run((context) -> {
            context.getBean(Catalogue.class).product(42);
            context.getBean(Catalogue.class).search("red shoes", 2);
            assertThat(this.memory.getSync("beryl:Catalogue.product:42", Object.class).value()).isEqualTo("p42");
            assertThat(this.memory.getSync("beryl:Catalogue.search:\"red shoes\",2", Object.class).value())
                    .isEqualTo(List.of("red shoes-2"));
        });
    }

    @Test
    void backendByBeanName_storesInThatBackendOnly() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            catalogue.audited(5);
            catalogue.audited(5);
            assertThat(catalogue.calls("audited")).isEqualTo(1);
            assertThat(this.audit.entries).containsOnlyKeys("beryl:audited:5");
            assertThat(this.memory.getSync("beryl:audited:5", Object.class).isHit()).isFalse();
        });
    }

    @Test
    void customBackend_canBeTheDefault() {
        this.contextRunner.withPropertyValues("beryl.cache.default-backend=audit").run((context) -> {
            context.getBean(Catalogue.class).product(3);
            assertThat(this.audit.entries).containsKey("beryl:Catalogue.product:3");
            assertThat(this.memory.getSync("beryl:Catalogue.product:3", Object.class).isHit()).isFalse();
        });
    }

    @Test
    void explicitMemoryBackend_staysInMemory_whenDefaultIsElsewhere() {
        this.contextRunner.withPropertyValues("beryl.cache.default-backend=audit").run((context) -> {
            context.getBean(Catalogue.class).local(3);
            assertThat(this.memory.getSync("beryl:Catalogue.local:3", Object.class).value()).isEqualTo("l3");
            assertThat(this.audit.entries).isEmpty();
        });
    }

    @Test
    void keyExpressions_ofEveryForm() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            catalogue.byName(7, "x");
            catalogue.byPosition(7, "x");
            catalogue.byAlias(7, "x");
            catalogue.byRoot(7);
            catalogue.byBean(7);
            assertThat(this.memory.getSync("beryl:byName:7", Object.class).isHit()).isTrue();
            assertThat(this.memory.getSync("beryl:byPosition:\"x\"", Object.class).isHit()).isTrue();
            assertThat(this.memory.getSync("beryl:byAlias:7", Object.class).isHit()).isTrue();
            assertThat(this.memory.getSync("beryl:byRoot:\"byRoot/Catalogue/7\"", Object.class).isHit()).isTrue();
            assertThat(this.memory.getSync("beryl:byBean:\"item-7\"", Object.class).isHit()).isTrue();
        });
    }

    @Test
    void keyByName_meetsOtherArgumentsIgnored() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            assertThat(catalogue.byName(7, "x")).isEqualTo(catalogue.byName(7, "other"));
            assertThat(catalogue.calls("byName")).isEqualTo(1);
        });
    }

    @Test
    void expressionKeys_stayRight_afterSpelCompilesThem_andAsValueTypesChange() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            // Past SpEL's threshold of interpreted runs, after which it compiles what it can.
            for (int call = 0; call < 300; call++) {
                Filter filter = new Filter("shoes" + (call % 3), (call % 2 == 0) ? "price" : "name");
                assertThat(catalogue.byFilter(filter)).isEqualTo(filter.text() + "/" + filter.sort());
                Number number = (call % 2 == 0) ? (Number) Integer.valueOf(call % 4) : Long.valueOf(call % 4);
                catalogue.byNumber(new Box(number));
            }
            assertThat(catalogue.calls("byFilter")).isEqualTo(6);
            assertThat(catalogue.calls("byNumber")).isEqualTo(4);
            assertThat(this.memory.getSync("beryl:byFilter:\"shoes2:name\"", Object.class).isHit()).isTrue();
            assertThat(this.memory.getSync("beryl:byNumber:\"Integer:2\"", Object.class).isHit()).isTrue();
            assertThat(this.memory.getSync("beryl:byNumber:\"Long:3\"", Object.class).isHit()).isTrue();
        });
    }

    @Test
    void keyMadeWithoutSpel_isSpelsKey_andWhereSpelFails_theMethodRunsUncached_andTheFailureIsCounted() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            CacheEngine engine = context.getBean(CacheEngine.class);
            assertThat(catalogue.byPage(new Filter("trail", "price"), -2)).isEqualTo("trail/-2");
            assertThat(catalogue.byPage(new Filter("trail", "name"), -2)).isEqualTo("trail/-2");
            assertThat(this.memory.getSync("beryl:byPage:\"trail:-2\"", Object.class).isHit()).isTrue();
            long failures = engine.failures();
            assertThat(catalogue.byPage(null, 1)).isEqualTo("none");
            assertThat(catalogue.byPage(null, 1)).isEqualTo("none");
            assertThat(catalogue.calls("byPage")).isEqualTo(3);
            assertThat(engine.failures()).isEqualTo(failures + 2);
        });
    }

    @Test
    void condition_false_neitherReadsNorWrites() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            catalogue.conditional(-1);
            catalogue.conditional(-1);
            catalogue.conditional(1);
            catalogue.conditional(1);
            assertThat(catalogue.calls("conditional")).isEqualTo(3);
            assertThat(this.memory.getSync("beryl:Catalogue.conditional:-1", Object.class).isHit()).isFalse();
        });
    }

    @Test
    void unless_withResult_keepsResultOutOfCache() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            assertThat(catalogue.unlessEmpty("")).isEmpty();
            assertThat(catalogue.unlessEmpty("")).isEmpty();
            catalogue.unlessEmpty("a");
            catalogue.unlessEmpty("a");
            assertThat(catalogue.calls("unlessEmpty")).isEqualTo(3);
        });
    }

    @Test
    void nullResult_isNotCachedByDefault_butIsWithCacheNull() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            assertThat(catalogue.nothing(1)).isNull();
            assertThat(catalogue.nothing(1)).isNull();
            assertThat(catalogue.nullable(1)).isNull();
            assertThat(catalogue.nullable(1)).isNull();
            assertThat(catalogue.calls("nothing")).isEqualTo(2);
            assertThat(catalogue.calls("nullable")).isEqualTo(1);
            assertThat(this.memory.getSync("beryl:Catalogue.nullable:1", Object.class)).isEqualTo(CacheLookup.hit(null));
        });
    }

    @Test
    void checkedException_reachesCallerUnchanged_andIsNotCached() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            assertThatExceptionOfType(IOException.class).isThrownBy(() -> catalogue.failing(1))
                    .withMessage("disk on fire #1");
            assertThatExceptionOfType(IOException.class).isThrownBy(() -> catalogue.failing(1))
                    .withMessage("disk on fire #2");
        });
    }

    @Test
    void keyThatFailsAtRuntime_runsMethodUncached() {
        this.contextRunner.run((context) -> {
            Catalogue catalogue = context.getBean(Catalogue.class);
            assertThat(catalogue.brokenKey(1)).isEqualTo("b1");
            assertThat(catalogue.brokenKey(1)).isEqualTo("b1");
            assertThat(catalogue.calls("brokenKey")).isEqualTo(2);
        });
    }

    @Test
    void interfaceAnnotation_onJdkProxy_isCached_underImplementationName() {
        this.contextRunner.withBean(Prices.class, PricesImpl::new).run((context) -> {
            Prices prices = context.getBean(Prices.class);
            assertThat(AopUtils.isJdkDynamicProxy(prices)).isTrue();
            assertThat(prices.price(2)).isEqualTo(prices.price(2));
            assertThat(this.memory.getSync("beryl:PricesImpl.price:2", Object.class).isHit()).isTrue();
        });
    }

    @Test
    void interfaceAnnotation_onClassProxy_isCached() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
                .withBean(Prices.class, PricesImpl::new).run((context) -> {
                    Prices prices = context.getBean(Prices.class);
                    assertThat(AopUtils.isCglibProxy(prices)).isTrue();
                    assertThat(prices.price(2)).isEqualTo(prices.price(2));
                    assertThat(this.memory.getSync("beryl:PricesImpl.price:2", Object.class).isHit()).isTrue();
                });
    }

    @Test
    void genericReturnType_isHandedToBackend() {
        this.contextRunner.run((context) -> {
            context.getBean(Catalogue.class).search("a", 1);
            assertThat(this.audit.lastType).isNull();
            context.getBean(Catalogue.class).audited(1);
            assertThat(this.audit.lastType.getTypeName()).isEqualTo("java.util.Map<java.lang.String, java.lang.Long>");
        });
    }

    public static class Catalogue {

        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        public int calls(String method) {
            return this.calls.computeIfAbsent(method, (name) -> new AtomicInteger()).get();
        }

        private int count(String method) {
            return this.calls.computeIfAbsent(method, (name) -> new AtomicInteger()).incrementAndGet();
        }

        @Cached
        public String product(long id) {
            count("product");
            return "p" + id;
        }

        @Cached(ttl = "10s")
        public String shortLived(long id) {
            count("shortLived");
            return "s" + id;
        }

        @Cached(ttl = "${catalogue.ttl:30s}")
        public String configuredTtl(long id) {
            count("configuredTtl");
            return "c" + id;
        }

        @Cached
        public List<String> search(String text, int page) {
            count("search");
            return List.of(text + "-" + page);
        }

        @Cached(name = "audited", backend = "audit")
        public Map<String, Long> audited(long id) {
            count("audited");
            return Map.of("id", id);
        }

        @Cached(backend = "memory")
        public String local(long id) {
            return "l" + id;
        }

        @Cached(name = "byName", key = "#id")
        public String byName(long id, String ignored) {
            count("byName");
            return "n" + id;
        }

        @Cached(name = "byPosition", key = "#p1")
        public String byPosition(long id, String code) {
            return code;
        }

        @Cached(name = "byAlias", key = "#a0")
        public String byAlias(long id, String code) {
            return code;
        }

        @Cached(name = "byRoot", key = "#root.methodName + '/' + #root.targetClass.simpleName + '/' + #id")
        public String byRoot(long id) {
            return "r" + id;
        }

        @Cached(name = "byBean", key = "@keys.item(#id)")
        public String byBean(long id) {
            return "b" + id;
        }

        /** A key made without SpEL (strings joined), that SpEL compiles too once it has run it often enough. */
        @Cached(name = "byFilter", key = "#filter.text() + ':' + #filter.sort()")
        public String byFilter(Filter filter) {
            count("byFilter");
            return filter.text() + "/" + filter.sort();
        }

        /** A key made without SpEL but for a null filter, where SpEL fails to call text(). */
        @Cached(name = "byPage", key = "#filter.text() + ':' + #page")
        public String byPage(@Nullable Filter filter, int page) {
            count("byPage");
            return (filter != null) ? filter.text() + "/" + page : "none";
        }

        @Cached(name = "byNumber", key = "#box.value().getClass().getSimpleName() + ':' + #box.value()")
        public String byNumber(Box box) {
            count("byNumber");
            return String.valueOf(box.value());
        }

        @Cached(condition = "#id > 0")
        public String conditional(long id) {
            count("conditional");
            return "c" + id;
        }

        @Cached(unless = "#result.isEmpty()")
        public String unlessEmpty(String text) {
            count("unlessEmpty");
            return text;
        }

        @Cached
        public String nothing(long id) {
            count("nothing");
            return null;
        }

        @Cached(cacheNull = true)
        public String nullable(long id) {
            count("nullable");
            return null;
        }

        @Cached
        public String failing(long id) throws IOException {
            throw new IOException("disk on fire #" + count("failing"));
        }

        @Cached(key = "#root.args[5]")
        public String brokenKey(long id) {
            count("brokenKey");
            return "b" + id;
        }
    }

    public static class KeyHelper {

        public String item(long id) {
            return "item-" + id;
        }
    }

    public record Filter(String text, String sort) {
    }

    /** Holds numbers of changing runtime types behind one declared type. */
    public record Box(Number value) {
    }

    public interface Prices {

        @Cached
        String price(long id);
    }

    static class PricesImpl implements Prices {

        private final AtomicInteger calls = new AtomicInteger();

        @Override
        public String price(long id) {
            return "price-" + id + "#" + this.calls.incrementAndGet();
        }
    }

    /** A backend without expiry that remembers what it was asked; enough to see where entries go. */
    static final class MapBackend implements CacheBackend {

        final Map<String, Object> entries = new ConcurrentHashMap<>();

        volatile Type lastType;

        @Override
        public CompletableFuture<CacheLookup> get(String key, Type valueType) {
            this.lastType = valueType;
            return CompletableFuture.completedFuture(
                    this.entries.containsKey(key) ? CacheLookup.hit(this.entries.get(key)) : CacheLookup.miss());
        }

        @Override
        public CompletableFuture<Void> set(String key, Object value, Duration ttl) {
            this.entries.put(key, value);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> delete(String key) {
            this.entries.remove(key);
            return CompletableFuture.completedFuture(null);
        }
    }
}
