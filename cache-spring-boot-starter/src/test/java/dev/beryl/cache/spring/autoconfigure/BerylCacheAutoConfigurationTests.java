package dev.beryl.cache.spring.autoconfigure;

import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.lang.reflect.Proxy;
import java.security.Principal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.RequestEntity;
import org.springframework.ui.Model;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.internal.KeyRenderer;
import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.memory.InMemoryCacheBackend;
import dev.beryl.cache.redis.RedisCacheBackend;
import dev.beryl.cache.spring.CacheConfigurationException;
import dev.beryl.cache.spring.CacheOperations;
import dev.beryl.cache.spring.internal.CachedAdvisor;
import dev.beryl.cache.spring.internal.EngineCacheOperations;

import static org.assertj.core.api.Assertions.assertThat;

class BerylCacheAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class));

    @Test
    void autoConfiguration_isOnByDefault_andCachesAnnotatedMethods() {
        this.contextRunner.withUserConfiguration(PriceServiceConfiguration.class).run((context) -> {
            assertThat(context).hasSingleBean(CachedAdvisor.class).hasSingleBean(CacheEngine.class)
                    .hasSingleBean(InMemoryCacheBackend.class)
                    .hasBean(BerylCacheAutoConfiguration.MEMORY_BACKEND_BEAN);
            PriceService prices = context.getBean(PriceService.class);
            assertThat(AopUtils.isAopProxy(prices)).isTrue();
            assertThat(prices.price(7)).isEqualTo(prices.price(7)).isEqualTo("price-7#1");
            assertThat(prices.calls()).isEqualTo(1);
        });
    }

    @Test
    void autoConfiguration_whenDisabled_backsOff_andMethodsAlwaysRun() {
        this.contextRunner.withUserConfiguration(PriceServiceConfiguration.class)
                .withPropertyValues("beryl.cache.enabled=false").run((context) -> {
                    assertThat(context).doesNotHaveBean(CachedAdvisor.class)
                            .doesNotHaveBean(InMemoryCacheBackend.class);
                    PriceService prices = context.getBean(PriceService.class);
                    prices.price(7);
                    prices.price(7);
                    assertThat(prices.calls()).isEqualTo(2);
                });
    }

    @Test
    void whenDisabled_anInjectedCacheOperationsStillWorks_andEveryLoadRuns() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class,
                        BerylCacheDisabledAutoConfiguration.class))
                .withBean(UsesTheApi.class).withPropertyValues("beryl.cache.enabled=false").run((context) -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(CachedAdvisor.class);
                    UsesTheApi user = context.getBean(UsesTheApi.class);
                    assertThat(user.load()).isEqualTo("load 1");
                    assertThat(user.load()).isEqualTo("load 2");
                    assertThat(user.operations.find("things", 1, String.class)).isNull();
                });
        this.contextRunner.withConfiguration(AutoConfigurations.of(BerylCacheDisabledAutoConfiguration.class))
                .withBean(UsesTheApi.class).run((context) -> {
                    UsesTheApi user = context.getBean(UsesTheApi.class);
                    assertThat(user.load()).isEqualTo("load 1");
                    assertThat(user.load()).isEqualTo("load 1");
                });
    }

    static class UsesTheApi {

        final dev.beryl.cache.spring.CacheOperations operations;

        private int loads;

        UsesTheApi(dev.beryl.cache.spring.CacheOperations operations) {
            this.operations = operations;
        }

        String load() throws Exception {
            return this.operations.getOrLoad("things", 1, String.class, null, () -> "load " + ++this.loads);
        }
    }

    @Test
    void userMemoryBackend_wins_andIsBackendMemory() {
        InMemoryCacheBackend own = InMemoryCacheBackend.builder().maxEntries(3).build();
        this.contextRunner.withUserConfiguration(PriceServiceConfiguration.class)
                .withBean("ownMemory", InMemoryCacheBackend.class, () -> own).run((context) -> {
                    assertThat(context).hasSingleBean(InMemoryCacheBackend.class)
                            .doesNotHaveBean(BerylCacheAutoConfiguration.MEMORY_BACKEND_BEAN);
                    context.getBean(PriceService.class).price(7);
                    assertThat(own.getSync("beryl:PriceService.price:7", String.class).isHit()).isTrue();
                });
    }

    @Test
    void userEngine_wins() {
        CacheEngine own = new CacheEngine();
        this.contextRunner.withBean(CacheEngine.class, () -> own)
                .run((context) -> assertThat(context.getBean(CacheEngine.class)).isSameAs(own));
    }

    @Test
    void cacheOperations_isDefined_andKeysAsTheAnnotationsDo() {
        this.contextRunner.withUserConfiguration(PriceServiceConfiguration.class).run((context) -> {
            assertThat(context).hasSingleBean(CacheOperations.class);
            assertThat(context.getBean(CacheOperations.class)).isInstanceOf(EngineCacheOperations.class);
            PriceService prices = context.getBean(PriceService.class);
            prices.price(7);
            assertThat(context.getBean(CacheOperations.class).find("PriceService.price", 7L, String.class))
                    .isEqualTo("price-7#1");
        });
    }

    @Test
    void userCacheOperations_wins() {
        CacheOperations own = (CacheOperations) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { CacheOperations.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "own CacheOperations";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        this.contextRunner.withBean(CacheOperations.class, () -> own).run((context) -> {
            assertThat(context).hasSingleBean(CacheOperations.class);
            assertThat(context.getBean(CacheOperations.class)).isSameAs(own);
        });
    }

    @Test
    void keyMemo_belongsToTheContext_andGoesWhenTheContextCloses() {
        AtomicReference<WeakReference<Query>> argument = new AtomicReference<>();
        this.contextRunner.withBean(SearchService.class).run((context) -> {
            assertThat(context).hasSingleBean(KeyRenderer.class);
            argument.set(searchTwice(context.getBean(SearchService.class)));
            assertThat(context.getBean(SearchService.class).calls()).isEqualTo(1);
            // Nothing but the memo of the context's key renderer holds the argument now.
            System.gc();
            assertThat(argument.get().get()).isNotNull();
        });
        for (int i = 0; i < 20 && argument.get().get() != null; i++) {
            System.gc();
        }
        assertThat(argument.get().get()).isNull();
    }

    /** Searches twice for one query (the second is a hit) made here, and returns a weak reference to it. */
    private static WeakReference<Query> searchTwice(SearchService search) {
        Query query = new Query("shoes", 2);
        assertThat(search.find(query)).isEqualTo(search.find(new Query("shoes", 2))).isEqualTo("shoes@2#1");
        return new WeakReference<>(query);
    }

    @Test
    void properties_bind_andShapeKeysTtlAndBound() {
        this.contextRunner.withUserConfiguration(PriceServiceConfiguration.class)
                .withPropertyValues("beryl.cache.key-prefix=shop", "beryl.cache.default-ttl=5m",
                        "beryl.cache.memory.max-entries=5")
                .run((context) -> {
                    BerylCacheProperties properties = context.getBean(BerylCacheProperties.class);
                    assertThat(properties.getDefaultTtl()).isEqualTo(Duration.ofMinutes(5));
                    InMemoryCacheBackend memory = context.getBean(InMemoryCacheBackend.class);
                    assertThat(memory).hasToString("InMemoryCacheBackend[maxEntries=5]");
                    context.getBean(PriceService.class).price(7);
                    assertThat(memory.getSync("shop:PriceService.price:7", String.class).isHit()).isTrue();
                });
    }

    @Test
    void defaultTtl_bareNumber_meansSeconds() {
        this.contextRunner.withPropertyValues("beryl.cache.default-ttl=90").run((context) -> assertThat(
                context.getBean(BerylCacheProperties.class).getDefaultTtl()).isEqualTo(Duration.ofSeconds(90)));
    }

    @Test
    void defaults_withoutProperties() {
        this.contextRunner.run((context) -> {
            BerylCacheProperties properties = context.getBean(BerylCacheProperties.class);
            assertThat(properties.isEnabled()).isTrue();
            assertThat(properties.getDefaultBackend()).isEqualTo("memory");
            assertThat(properties.getDefaultTtl()).isEqualTo(Duration.ofSeconds(60));
            assertThat(properties.getKeyPrefix()).isEqualTo("beryl");
            assertThat(properties.getMemory().getMaxEntries()).isEqualTo(10_000);
        });
    }

    @Test
    void unknownDefaultBackend_failsStartup_namingTheProperty() {
        this.contextRunner.withPropertyValues("beryl.cache.default-backend=memcached")
                .run((context) -> assertStartupFailure(context, "beryl.cache.default-backend 'memcached' is not a "
                        + "known backend (known: memory, redis)"));
    }

    @Test
    void redisDefaultBackend_withoutRedisModule_failsStartup_namingTheDependency() {
        this.contextRunner.withClassLoader(new FilteredClassLoader(RedisCacheBackend.class))
                .withPropertyValues("beryl.cache.default-backend=redis")
                .run((context) -> {
                    assertStartupFailure(context, "beryl.cache.default-backend 'redis' needs the Redis backend, "
                            + "which is not on the classpath");
                    assertThat(((CacheConfigurationException) rootCause(context)).getAction())
                            .contains("dev.beryl:beryl-cache-redis");
                });
    }

    @Test
    void nonPositiveDefaultTtl_failsStartup() {
        this.contextRunner.withPropertyValues("beryl.cache.default-ttl=0s")
                .run((context) -> assertStartupFailure(context, "beryl.cache.default-ttl must be positive, was PT0S"));
    }

    @Test
    void nonPositiveTimeoutOrMaxWait_failsStartup() {
        this.contextRunner.withPropertyValues("beryl.cache.timeout=0s")
                .run((context) -> assertStartupFailure(context, "beryl.cache.timeout must be positive, was PT0S"));
        this.contextRunner.withPropertyValues("beryl.cache.single-flight.max-wait=-1s")
                .run((context) -> assertStartupFailure(context,
                        "beryl.cache.single-flight.max-wait must be positive, was PT-1S"));
    }

    @Test
    void nonPositiveMaxEntries_failsStartup() {
        this.contextRunner.withPropertyValues("beryl.cache.memory.max-entries=0").run((context) -> assertStartupFailure(
                context, "beryl.cache.memory.max-entries must be positive, was 0"));
    }

    @Test
    void blankKeyPrefix_failsStartup() {
        this.contextRunner.withPropertyValues("beryl.cache.key-prefix= ")
                .run((context) -> assertStartupFailure(context, "beryl.cache.key-prefix must not be blank"));
    }

    @Test
    void keyPrefixWithColon_failsStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("beryl.cache.key-prefix=shop:eu").run((context) -> {
            assertStartupFailure(context, "beryl.cache.key-prefix 'shop:eu' must not contain ':', whitespace or "
                    + "control characters");
            assertThat(((CacheConfigurationException) rootCause(context)).getAction()).isEqualTo("Set "
                    + "beryl.cache.key-prefix to one word such as your application's name, e.g. shop-eu: ':' "
                    + "separates the parts of a key, and with prefixes such as shop and shop:eu one application's "
                    + "clear would delete the other's keys.");
        });
    }

    @Test
    void keyPrefixWithWhitespace_failsStartupNamingTheProperty() {
        this.contextRunner.withPropertyValues("beryl.cache.key-prefix=my shop")
                .run((context) -> assertStartupFailure(context, "beryl.cache.key-prefix 'my shop' must not contain "
                        + "':', whitespace or control characters"));
    }

    @Test
    void keyPrefixWithControlCharacter_failsStartup_showingItEscaped() {
        this.contextRunner.withPropertyValues("beryl.cache.key-prefix=sh\u0007op")
                .run((context) -> assertStartupFailure(context, "beryl.cache.key-prefix 'sh\\u0007op' must not "
                        + "contain ':', whitespace or control characters"));
    }

    @Test
    void keyPrefixTooLongForKeys_failsStartup() {
        this.contextRunner.withPropertyValues("beryl.cache.key-prefix=" + "p".repeat(474))
                .run((context) -> assertStartupFailure(context, "beryl.cache.key-prefix is 474 bytes long, more "
                        + "than the 473 that keys of at most 512 bytes leave to it"));
        this.contextRunner.withPropertyValues("beryl.cache.key-prefix=" + "p".repeat(473))
                .run((context) -> assertThat(context).hasNotFailed());
    }

    @Test
    void invalidTtl_failsStartupNamingMethod() {
        assertInvalid(BadTtl.class, "@Cached on BadTtl.get(long): ttl 'soon' is not a duration "
                + "(use e.g. 60s, 5m, 500ms or PT1M)");
    }

    @Test
    void zeroTtl_failsStartupNamingMethod() {
        assertInvalid(ZeroTtl.class, "@Cached on ZeroTtl.get(long): ttl '0s' must be positive");
    }

    @Test
    void negativeTtl_failsStartupNamingMethod() {
        assertInvalid(NegativeTtl.class, "@Cached on NegativeTtl.get(long): ttl '-5s' must be positive");
    }

    @Test
    void unresolvablePlaceholderInTtl_failsStartupNamingMethod() {
        this.contextRunner.withBean(PlaceholderTtl.class).run((context) -> assertStartupFailure(context,
                "@Cached on PlaceholderTtl.get(long): ttl '${prices.ttl}' has a placeholder that cannot be resolved "
                        + "(Could not resolve placeholder 'prices.ttl' in value \"${prices.ttl}\")"));
    }

    @Test
    void unknownBackend_failsStartupNamingMethod() {
        assertInvalid(UnknownBackend.class, "@Cached on UnknownBackend.get(long): backend 'memcached' is not a "
                + "known backend (known: memory, redis)");
    }

    @Test
    void unparsableKeyExpression_failsStartupNamingMethod() {
        assertInvalid(BadKeyExpression.class, "@Cached on BadKeyExpression.get(long): key '#id +' is not a valid "
                + "SpEL expression: EL1042E: Problem parsing right operand");
    }

    @Test
    void unparsableCondition_failsStartupNamingMethod() {
        assertInvalid(BadCondition.class, "@Cached on BadCondition.get(long): condition '#id >' is not a valid "
                + "SpEL expression: EL1042E: Problem parsing right operand");
    }

    @Test
    void unknownParameterInKey_failsStartupNamingParameters() {
        assertInvalid(UnknownParameter.class, "@Cached on UnknownParameter.get(long, String): key '#idd' refers to "
                + "#idd, which is not a parameter (parameters: #id, #locale)");
    }

    @Test
    void resultInKey_failsStartup() {
        assertInvalid(ResultInKey.class, "@Cached on ResultInKey.get(long): key '#result' refers to #result, but "
                + "#result exists only in unless");
    }

    @Test
    void indexBeyondParameters_failsStartup() {
        assertInvalid(IndexTooHigh.class, "@Cached on IndexTooHigh.get(long): key '#p1' refers to #p1, but the "
                + "method has 1 parameter(s)");
    }

    @Test
    void unknownBeanInKey_failsStartup() {
        assertInvalid(UnknownBean.class, "@Cached on UnknownBean.get(long): key '@regions.of(#id)' refers to bean "
                + "'regions', which does not exist");
    }

    @Test
    void voidMethod_failsStartupNamingMethod() {
        assertInvalid(VoidMethod.class, "@Cached on VoidMethod.refresh(long): the method returns void, so there is "
                + "nothing to cache");
    }

    @Test
    void asyncMethod_failsStartupNamingMethod() {
        assertInvalid(AsyncMethod.class, "@Cached on AsyncMethod.get(long): return type java.util.concurrent.Future "
                + "is asynchronous in a way Beryl does not cache");
    }

    @Test
    void finalMethod_failsStartupNamingMethod() {
        assertInvalid(FinalMethod.class, "@Cached on FinalMethod.get(long): the method is final, so Spring's proxy "
                + "cannot intercept it");
    }

    @Test
    void modelParameterWithoutKey_failsStartupNamingParameter() {
        assertInvalid(ModelParameter.class, "@Cached on ModelParameter.page(long, Model): parameter 'model' cannot "
                + "be part of the default key: Model stands for a request, a response or a stream, not a value");
    }

    @Test
    void servletRequestParameterWithoutKey_failsStartupNamingParameter() {
        assertInvalid(RequestParameter.class, "@Cached on RequestParameter.page(long, HttpServletRequest): parameter "
                + "'request' cannot be part of the default key: HttpServletRequest (a jakarta.servlet.ServletRequest) "
                + "stands for a request, a response or a stream, not a value");
    }

    @Test
    void streamParameterWithoutKey_failsStartupNamingParameter() {
        assertInvalid(StreamParameter.class, "@Cached on StreamParameter.checksum(InputStream): parameter 'in' "
                + "cannot be part of the default key: InputStream stands for a request, a response or a stream, "
                + "not a value");
    }

    @Test
    void httpHeadersParameterWithoutKey_failsStartupNamingParameter() {
        assertInvalid(HeadersParameter.class, "@Cached on HeadersParameter.page(long, HttpHeaders): parameter "
                + "'headers' cannot be part of the default key: HttpHeaders carries HTTP headers that its JSON leaves "
                + "out (Authorization and Cookie among them), so requests of different users would share an entry");
    }

    @Test
    void httpEntityParameterWithoutKey_failsStartupNamingParameter() {
        assertInvalid(EntityParameter.class, "@Cached on EntityParameter.page(HttpEntity): parameter 'entity' "
                + "cannot be part of the default key: HttpEntity carries HTTP headers that its JSON leaves out "
                + "(Authorization and Cookie among them), so requests of different users would share an entry");
    }

    @Test
    void requestEntityParameterWithoutKey_failsStartupNamingParameter() {
        assertInvalid(RequestEntityParameter.class, "@Cached on RequestEntityParameter.page(RequestEntity): "
                + "parameter 'request' cannot be part of the default key: RequestEntity (a "
                + "org.springframework.http.HttpEntity) carries HTTP headers that its JSON leaves out (Authorization "
                + "and Cookie among them), so requests of different users would share an entry");
    }

    @Test
    void principalParameterWithoutKey_failsStartup_suggestingTheCallersName() {
        this.contextRunner.withBean(PrincipalParameter.class).run((context) -> {
            assertStartupFailure(context, "@Cached on PrincipalParameter.mine(Principal, long): parameter "
                    + "'principal' cannot be part of the default key: Principal stands for the caller, whose JSON "
                    + "holds credentials and session details rather than a stable identity");
            assertThat(((CacheConfigurationException) rootCause(context)).getAction()).isEqualTo("Give the "
                    + "annotation a key that names the caller, e.g. key = \"#principal.name + ':' + #id\".");
        });
    }

    @Test
    void unkeyableParameterWithExplicitKey_isAllowed() {
        this.contextRunner.withBean(ModelParameterWithKey.class).run((context) -> {
            assertThat(context).hasNotFailed();
            ModelParameterWithKey bean = context.getBean(ModelParameterWithKey.class);
            assertThat(bean.page(3, null)).isEqualTo(bean.page(3, null));
            assertThat(bean.calls()).isEqualTo(1);
        });
    }

    @Test
    void blankOrColonName_failsStartup() {
        assertInvalid(ColonName.class, "@Cached on ColonName.get(long): name 'a:b' must be non-blank and must not "
                + "contain ':'");
    }

    @Test
    void twoMethodsOfDifferentTypesInOneCache_failStartup() {
        this.contextRunner.withBean(SharedCacheA.class).withBean(SharedCacheB.class)
                .run((context) -> assertThat(rootCause(context)).isInstanceOf(CacheConfigurationException.class)
                        .hasMessageContaining("cache 'shared' is also used by")
                        .hasMessageContaining("which returns java.lang.String rather than java.lang.Integer"));
    }

    @Test
    void failureAnalyzer_describesProblemAndAction() {
        this.contextRunner.withBean(BadTtl.class).run((context) -> {
            var analysis = new CacheConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).isEqualTo("@Cached on BadTtl.get(long): ttl 'soon' is not a "
                    + "duration (use e.g. 60s, 5m, 500ms or PT1M)");
            assertThat(analysis.getAction()).isEqualTo("Set ttl to a duration such as \"60s\".");
        });
    }

    @Test
    void failingBackend_failsOpen_methodAnswers() {
        this.contextRunner.withUserConfiguration(PriceServiceConfiguration.class)
                .withBean("broken", CacheBackend.class, BrokenBackend::new)
                .withPropertyValues("beryl.cache.default-backend=broken").run((context) -> {
                    PriceService prices = context.getBean(PriceService.class);
                    assertThat(prices.price(1)).isEqualTo("price-1#1");
                    assertThat(prices.price(1)).isEqualTo("price-1#2");
                    assertThat(context.getBean(CacheEngine.class).failures()).isPositive();
                });
    }

    private void assertInvalid(Class<?> beanClass, String message) {
        this.contextRunner.withBean(beanClass).run((context) -> assertStartupFailure(context, message));
    }

    private static void assertStartupFailure(AssertableApplicationContext context, String message) {
        assertThat(context).hasFailed();
        assertThat(rootCause(context)).isInstanceOf(CacheConfigurationException.class).hasMessage(message);
    }

    private static Throwable rootCause(AssertableApplicationContext context) {
        Throwable failure = context.getStartupFailure();
        while (failure != null && !(failure instanceof CacheConfigurationException) && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    @Configuration(proxyBeanMethods = false)
    static class PriceServiceConfiguration {

        @Bean
        PriceService priceService() {
            return new PriceService();
        }
    }

    static class PriceService {

        private final AtomicInteger calls = new AtomicInteger();

        @Cached
        public String price(long id) {
            return "price-" + id + "#" + this.calls.incrementAndGet();
        }

        public int calls() {
            return this.calls.get();
        }
    }

    record Query(String text, int page) {
    }

    static class SearchService {

        private final AtomicInteger calls = new AtomicInteger();

        @Cached
        public String find(Query query) {
            return query.text() + "@" + query.page() + "#" + this.calls.incrementAndGet();
        }

        int calls() {
            return this.calls.get();
        }
    }

    static class BadTtl {

        @Cached(ttl = "soon")
        public String get(long id) {
            return "";
        }
    }

    static class ZeroTtl {

        @Cached(ttl = "0s")
        public String get(long id) {
            return "";
        }
    }

    static class NegativeTtl {

        @Cached(ttl = "-5s")
        public String get(long id) {
            return "";
        }
    }

    static class PlaceholderTtl {

        @Cached(ttl = "${prices.ttl}")
        public String get(long id) {
            return "";
        }
    }

    static class UnknownBackend {

        @Cached(backend = "memcached")
        public String get(long id) {
            return "";
        }
    }

    static class BadKeyExpression {

        @Cached(key = "#id +")
        public String get(long id) {
            return "";
        }
    }

    static class BadCondition {

        @Cached(condition = "#id >")
        public String get(long id) {
            return "";
        }
    }

    static class UnknownParameter {

        @Cached(key = "#idd")
        public String get(long id, String locale) {
            return "";
        }
    }

    static class ResultInKey {

        @Cached(key = "#result")
        public String get(long id) {
            return "";
        }
    }

    static class IndexTooHigh {

        @Cached(key = "#p1")
        public String get(long id) {
            return "";
        }
    }

    static class UnknownBean {

        @Cached(key = "@regions.of(#id)")
        public String get(long id) {
            return "";
        }
    }

    static class VoidMethod {

        @Cached
        public void refresh(long id) {
        }
    }

    static class AsyncMethod {

        @Cached
        public Future<String> get(long id) {
            return CompletableFuture.completedFuture("");
        }
    }

    static class FinalMethod {

        @Cached
        public final String get(long id) {
            return "";
        }
    }

    static class ModelParameter {

        @Cached
        public String page(long id, Model model) {
            return "";
        }
    }

    static class RequestParameter {

        @Cached
        public String page(long id, HttpServletRequest request) {
            return "";
        }
    }

    static class StreamParameter {

        @Cached
        public String checksum(InputStream in) {
            return "";
        }
    }

    static class HeadersParameter {

        @Cached
        public String page(long id, HttpHeaders headers) {
            return "";
        }
    }

    static class EntityParameter {

        @Cached
        public String page(HttpEntity<String> entity) {
            return "";
        }
    }

    static class RequestEntityParameter {

        @Cached
        public String page(RequestEntity<?> request) {
            return "";
        }
    }

    static class PrincipalParameter {

        @Cached
        public String mine(Principal principal, long id) {
            return "";
        }
    }

    static class ModelParameterWithKey {

        private final AtomicInteger calls = new AtomicInteger();

        @Cached(key = "#id")
        public String page(long id, Model model) {
            return "page-" + id + "#" + this.calls.incrementAndGet();
        }

        public int calls() {
            return this.calls.get();
        }
    }

    static class ColonName {

        @Cached(name = "a:b")
        public String get(long id) {
            return "";
        }
    }

    static class SharedCacheA {

        @Cached(name = "shared")
        public String get(long id) {
            return "";
        }
    }

    static class SharedCacheB {

        @Cached(name = "shared")
        public Integer get(long id) {
            return 0;
        }
    }

    static final class BrokenBackend implements CacheBackend {

        @Override
        public CompletableFuture<dev.beryl.cache.CacheLookup> get(String key, java.lang.reflect.Type valueType) {
            throw new IllegalStateException("down");
        }

        @Override
        public CompletableFuture<Void> set(String key, Object value, Duration ttl) {
            throw new IllegalStateException("down");
        }

        @Override
        public CompletableFuture<Void> delete(String key) {
            throw new IllegalStateException("down");
        }
    }

}
