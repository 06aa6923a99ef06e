package dev.beryl.cache.spring.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

import dev.beryl.cache.internal.CacheEngine;
import dev.beryl.cache.CacheEventListener;
import dev.beryl.cache.Tags;
import dev.beryl.cache.annotation.CacheScope;
import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.internal.ControlCharacters;
import dev.beryl.cache.internal.KeyRenderer;
import dev.beryl.cache.internal.LoadObserver;
import dev.beryl.cache.key.CacheKeyGenerator;
import dev.beryl.cache.key.KeyParts;
import dev.beryl.cache.memory.InMemoryCacheBackend;
import dev.beryl.cache.spring.CacheConfigurationException;
import dev.beryl.cache.spring.CacheOperations;
import dev.beryl.cache.spring.internal.AnnotatedBeanMethods;
import dev.beryl.cache.spring.internal.CacheAnnotationParser;
import dev.beryl.cache.spring.internal.CacheBackendResolver;
import dev.beryl.cache.spring.internal.CacheCatalogue;
import dev.beryl.cache.spring.internal.CacheDefaults;
import dev.beryl.cache.spring.internal.CacheMetrics;
import dev.beryl.cache.spring.internal.CacheMethodsValidator;
import dev.beryl.cache.spring.internal.CacheOperationFactory;
import dev.beryl.cache.spring.internal.CacheOperationSource;
import dev.beryl.cache.spring.internal.CachedAdvisor;
import dev.beryl.cache.spring.internal.CachedInterceptor;
import dev.beryl.cache.spring.internal.EngineCacheOperations;
import dev.beryl.cache.spring.internal.HttpSettings;
import dev.beryl.cache.spring.internal.ObservedLoads;
import dev.beryl.cache.spring.internal.RequestExchangeFilter;

/**
 * Caches the results of {@code @Cached} methods of every bean, and runs their {@code @CachePut} and
 * {@code @CacheInvalidate}. Defines the in-memory backend, the lookup engine (told of every
 * {@code CacheEventListener} bean), the programmatic {@code CacheOperations}, and the advisor that intercepts the
 * methods; a user's bean of the same type replaces each of the first three. A single {@code CacheKeyGenerator} bean
 * makes the keys of annotations without {@code key}.
 */
@AutoConfiguration
@ConditionalOnClass({ Cached.class, CacheEngine.class })
@ConditionalOnBooleanProperty(name = "beryl.cache.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BerylCacheProperties.class)
@Import({ BerylCacheAutoConfiguration.AutoProxyRegistrar.class, RedisBackendConfiguration.class })
public final class BerylCacheAutoConfiguration {

    private static final String OBSERVATION_REGISTRY = "io.micrometer.observation.ObservationRegistry";

    /** The bean name of the in-memory backend, also known as backend {@code memory}. */
    public static final String MEMORY_BACKEND_BEAN = "berylMemoryCacheBackend";

    @Bean(MEMORY_BACKEND_BEAN)
    @ConditionalOnMissingBean(InMemoryCacheBackend.class)
    InMemoryCacheBackend berylMemoryCacheBackend(BerylCacheProperties properties) {
        long maxEntries = properties.getMemory().getMaxEntries();
        if (maxEntries <= 0) {
            throw new CacheConfigurationException("beryl.cache.memory.max-entries must be positive, was "
                    + maxEntries, "Set beryl.cache.memory.max-entries to a positive number such as 10000.");
        }
        return InMemoryCacheBackend.builder().maxEntries(maxEntries).build();
    }

    @Bean
    @ConditionalOnMissingBean
    CacheEngine berylCacheEngine(BerylCacheProperties properties, ObjectProvider<CacheEventListener> listeners,
            ListableBeanFactory beans) {
        return CacheEngine.builder().failOpen(properties.isFailOpen()).loadObserver(loadObserver(beans))
                .timeout(positive(properties.getTimeout(), "beryl.cache.timeout", "1s"))
                .maxWait(positive(properties.getSingleFlight().getMaxWait(), "beryl.cache.single-flight.max-wait",
                        "10s"))
                .lease(positive(properties.getSingleFlight().getLease(), "beryl.cache.single-flight.lease", "30s"))
                .ttlJitter(ttlJitter(properties.getTtlJitter()))
                .listeners(withCallLog(listeners.orderedStream().toList())).build();
    }

    /** Loads as Micrometer observations, when Micrometer's observation API and a registry are there. */
    private static LoadObserver loadObserver(ListableBeanFactory beans) {
        if (!ClassUtils.isPresent(OBSERVATION_REGISTRY, BerylCacheAutoConfiguration.class.getClassLoader())) {
            return LoadObserver.NONE;
        }
        return Observations.observer(beans);
    }

    /** Keeps Micrometer's observation types out of the configuration class, for applications without them. */
    private static final class Observations {

        static LoadObserver observer(ListableBeanFactory beans) {
            io.micrometer.observation.ObservationRegistry registry = beans
                    .getBeanProvider(io.micrometer.observation.ObservationRegistry.class).getIfUnique();
            return (registry != null && !registry.isNoop()) ? new ObservedLoads(registry) : LoadObserver.NONE;
        }
    }

    /**
     * The listeners, with one that logs every call at DEBUG when logger {@code dev.beryl.cache.calls} is at DEBUG
     * when the application starts; otherwise calls pay nothing for it.
     */
    private static List<CacheEventListener> withCallLog(List<CacheEventListener> listeners) {
        System.Logger calls = System.getLogger("dev.beryl.cache.calls");
        if (!calls.isLoggable(System.Logger.Level.DEBUG)) {
            return listeners;
        }
        List<CacheEventListener> all = new ArrayList<>(listeners);
        all.add((event) -> calls.log(System.Logger.Level.DEBUG, event::toString));
        return all;
    }

    @Bean
    @ConditionalOnMissingBean
    CacheOperations berylCacheOperations(CacheEngine engine, CacheCatalogue catalogue, KeyRenderer keys) {
        return new EngineCacheOperations(engine, catalogue, keys);
    }

    /**
     * Renders the keys and tags of every call. Its memo of digests holds the last records digested, so it belongs
     * to the context and goes when the context is closed.
     */
    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static KeyRenderer berylKeyRenderer() {
        return KeyRenderer.withMemo();
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static CacheDefaults berylCacheDefaults(BerylCacheProperties properties) {
        return defaults(properties);
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static CacheBackendResolver berylCacheBackendResolver(ConfigurableListableBeanFactory beanFactory) {
        ClassLoader classLoader = beanFactory.getBeanClassLoader();
        return new CacheBackendResolver(beanFactory,
                (classLoader != null) ? classLoader : BerylCacheAutoConfiguration.class.getClassLoader());
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static CacheCatalogue berylCacheCatalogue(CacheDefaults defaults, CacheBackendResolver backends) {
        return new CacheCatalogue(defaults, backends);
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static CacheAnnotationParser berylCacheAnnotationParser(CacheDefaults defaults, Environment environment) {
        return new CacheAnnotationParser(defaults.keyPrefix(), environment);
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static AnnotatedBeanMethods berylAnnotatedBeanMethods(ConfigurableListableBeanFactory beanFactory,
            CacheAnnotationParser parser) {
        return new AnnotatedBeanMethods(beanFactory, parser);
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static CacheOperationFactory berylCacheOperationFactory(CacheCatalogue catalogue,
            ConfigurableListableBeanFactory beanFactory, ObjectProvider<CacheKeyGenerator> keyGenerators,
            AnnotatedBeanMethods beans, KeyRenderer keys) {
        CacheOperationFactory factory = new CacheOperationFactory(catalogue, beanFactory, keyGenerators.getIfUnique(),
                beans, keys);
        // Registered in WebFlux applications only, see ReactiveRequestConfiguration.
        factory.reactiveWeb(beanFactory.containsBeanDefinition("berylRequestExchangeFilter"));
        return factory;
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static CacheOperationSource berylCacheOperationSource(CacheAnnotationParser parser,
            CacheOperationFactory factory) {
        return new CacheOperationSource(parser, factory);
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static CachedInterceptor berylCachedInterceptor(ObjectProvider<CacheOperationSource> plans,
            ObjectProvider<CacheEngine> engine) {
        return new CachedInterceptor(plans::getObject, engine::getObject);
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static CachedAdvisor berylCachedAdvisor(CachedInterceptor berylCachedInterceptor) {
        return new CachedAdvisor(berylCachedInterceptor);
    }

    @Bean
    static CacheMethodsValidator berylCacheMethodsValidator(AnnotatedBeanMethods beans,
            CacheOperationFactory factory, CacheOperationSource plans, CacheCatalogue catalogue,
            CacheBackendResolver backends, BerylCacheProperties properties) {
        return new CacheMethodsValidator(beans, factory, plans, catalogue,
                () -> backends.resolve(properties.getDefaultBackend(), "beryl.cache.default-backend"));
    }

    private static Duration positive(@Nullable Duration duration, String property, String example) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            throw new CacheConfigurationException(property + " must be positive, was " + duration,
                    "Set " + property + " to a positive duration such as " + example + ".");
        }
        return duration;
    }

    private static CacheDefaults defaults(BerylCacheProperties properties) {
        if (properties.getDefaultTtl() == null || properties.getDefaultTtl().isZero()
                || properties.getDefaultTtl().isNegative()) {
            throw new CacheConfigurationException("beryl.cache.default-ttl must be positive, was "
                    + properties.getDefaultTtl(), "Set beryl.cache.default-ttl to a positive duration such as 60s.");
        }
        String keyPrefix = keyPrefix(properties.getKeyPrefix());
        String backend = properties.getDefaultBackend();
        if (backend == null || backend.isBlank()) {
            throw new CacheConfigurationException("beryl.cache.default-backend must not be blank",
                    "Set beryl.cache.default-backend to 'memory', 'redis' or a CacheBackend bean name.");
        }
        BerylCacheProperties.Http http = properties.getHttp();
        CacheScope defaultScope = (http.getDefaultScope() != null) ? http.getDefaultScope() : CacheScope.AUTO;
        return new CacheDefaults(backend.trim(), properties.getDefaultTtl(), keyPrefix, new HttpSettings(defaultScope,
                http.isCacheErrorResponses(), http.isCacheStatusHeader(), http.isEtag()),
                properties.getSingleFlight().getMode() == BerylCacheProperties.SingleFlightMode.GLOBAL);
    }

    private static double ttlJitter(double jitter) {
        if (!(jitter >= 0 && jitter <= 0.5)) {
            throw new CacheConfigurationException("beryl.cache.ttl-jitter must be from 0 to 0.5, was " + jitter,
                    "Set beryl.cache.ttl-jitter to a fraction such as 0.1, or 0 for none.");
        }
        return jitter;
    }

    /**
     * The key prefix, checked: one word, since {@code :} separates the parts of a key and a prefix nested in another
     * ({@code shop} and {@code shop:eu}) would let one application's clear delete the other's keys; and short
     * enough that tag ids, {@code {key-prefix}::tag:{tag}}, fit in a key.
     */
    private static String keyPrefix(String keyPrefix) {
        if (keyPrefix == null || keyPrefix.isBlank()) {
            throw new CacheConfigurationException("beryl.cache.key-prefix must not be blank",
                    "Set beryl.cache.key-prefix to a short name such as your application's, or leave it unset.");
        }
        boolean oneWord = keyPrefix.indexOf(':') < 0 && !ControlCharacters.isIn(keyPrefix)
                && keyPrefix.chars().noneMatch((c) -> Character.isWhitespace(c) || Character.isSpaceChar(c));
        if (!oneWord) {
            throw new CacheConfigurationException("beryl.cache.key-prefix '" + ControlCharacters.escape(keyPrefix)
                    + "' must not contain ':', whitespace or control characters",
                    "Set beryl.cache.key-prefix to one word such as your application's name, e.g. shop-eu: ':' "
                            + "separates the parts of a key, and with prefixes such as shop and shop:eu one "
                            + "application's clear would delete the other's keys.");
        }
        int bytes = keyPrefix.getBytes(StandardCharsets.UTF_8).length;
        // What a tag id, {key-prefix}::tag:{tag}, adds to the prefix before the separator of its part.
        int tagNamespace = Tags.id("", "").length() - 1;
        int most = KeyParts.MAX_NAMESPACE_BYTES - tagNamespace;
        if (bytes > most) {
            throw new CacheConfigurationException("beryl.cache.key-prefix is " + bytes + " bytes long, more than the "
                    + most + " that keys of at most " + KeyParts.MAX_KEY_BYTES + " bytes leave to it",
                    "Set beryl.cache.key-prefix to a short name such as your application's.");
        }
        return keyPrefix;
    }

    /** Makes sure that an auto-proxy creator exists, even where Spring Boot's AOP auto-configuration is off. */
    static final class AutoProxyRegistrar implements ImportBeanDefinitionRegistrar {

        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
        }
    }

    /**
     * Beryl's caches as Micrometer meters, in the application's {@code MeterRegistry} (Spring Boot's composite one
     * when Actuator is there, or the one registry the application defines).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static class MetricsConfiguration {

        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        static SmartInitializingSingleton berylCacheMetrics(ObjectProvider<MeterRegistry> registries,
                ObjectProvider<CacheCatalogue> catalogue, ObjectProvider<CacheEngine> engine) {
            return () -> {
                MeterRegistry registry = registries.getIfUnique();
                CacheCatalogue caches = catalogue.getIfAvailable();
                CacheEngine cacheEngine = engine.getIfAvailable();
                if (registry != null && caches != null && cacheEngine != null) {
                    new CacheMetrics(caches, cacheEngine).bindTo(registry);
                }
            };
        }
    }

    /**
     * Lets cached {@code Mono} and {@code Flux} handlers of a WebFlux application see the request they answer, for
     * their scope and {@code vary} headers.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = { "org.springframework.web.server.WebFilter", "reactor.core.publisher.Mono" })
    static class ReactiveRequestConfiguration {

        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        static RequestExchangeFilter berylRequestExchangeFilter() {
            return new RequestExchangeFilter();
        }
    }
}
