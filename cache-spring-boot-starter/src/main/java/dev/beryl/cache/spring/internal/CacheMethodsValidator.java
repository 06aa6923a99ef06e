package dev.beryl.cache.spring.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.beans.factory.SmartInitializingSingleton;

import dev.beryl.cache.internal.CacheDefinition;
import dev.beryl.cache.spring.CacheConfigurationException;

/**
 * Checks every cache annotation of every bean once the singletons exist, so that a bad annotation stops the
 * application at start-up rather than at its first call. It parses the annotations of all beans first, registers
 * the caches they fill (those of {@code @Cached} before those of {@code @CachePut}), then builds every method's
 * plan, {@code @Cached} methods first. It also rejects a class whose cached methods back several beans that would
 * share entries, and invalidations that name another backend than the cache's.
 */
public final class CacheMethodsValidator implements SmartInitializingSingleton {

    private static final System.Logger logger = System.getLogger(CacheMethodsValidator.class.getName());

    private final AnnotatedBeanMethods beans;

    private final CacheOperationFactory factory;

    private final CacheOperationSource plans;

    private final CacheCatalogue catalogue;

    private final Runnable defaultsCheck;

    /**
     * @param defaultsCheck checks the settings that hold even without any annotated method, such as that the
     * default backend exists
     */
    public CacheMethodsValidator(AnnotatedBeanMethods beans, CacheOperationFactory factory,
            CacheOperationSource plans, CacheCatalogue catalogue, Runnable defaultsCheck) {
        this.beans = beans;
        this.factory = factory;
        this.plans = plans;
        this.catalogue = catalogue;
        this.defaultsCheck = defaultsCheck;
    }

    @Override
    public void afterSingletonsInstantiated() {
        this.defaultsCheck.run();
        List<AnnotatedBeanMethods.BeanClass> classes = this.beans.find();
        List<ParsedMethod> methods = new ArrayList<>();
        classes.forEach((beanClass) -> methods.addAll(beanClass.methods()));
        this.factory.registerCaches(methods);
        for (AnnotatedBeanMethods.BeanClass beanClass : classes) {
            for (ParsedMethod method : beanClass.methods()) {
                if (method.cached() != null) {
                    checkShared(this.plans.get(method), beanClass);
                }
            }
        }
        for (ParsedMethod method : methods) {
            checkInvalidations(this.plans.get(method));
        }
        logSummary(methods);
    }

    /** One line: how many methods are cached, in how many caches, on which backends. */
    private void logSummary(List<ParsedMethod> methods) {
        long cached = methods.stream().filter((method) -> method.cached() != null).count();
        Map<String, Integer> cachesPerBackend = new TreeMap<>();
        for (CacheCatalogue.Counted cache : this.catalogue.counted()) {
            cachesPerBackend.merge(cache.backendName() + " (" + cache.backend() + ")", 1, Integer::sum);
        }
        logger.log(System.Logger.Level.INFO, () -> "Beryl caches " + cached + " method" + ((cached == 1) ? "" : "s")
                + " in " + this.catalogue.counted().size() + " caches" + (cachesPerBackend.isEmpty() ? ""
                        : "; caches per backend: " + cachesPerBackend));
    }

    private static void checkShared(MethodCachePlan plan, AnnotatedBeanMethods.BeanClass beanClass) {
        CachedOperation cached = plan.cached();
        if (cached == null || beanClass.beanNames().size() < 2 || cached.keyTellsTargetsApart()) {
            return;
        }
        throw new CacheConfigurationException("@Cached on " + cached.description() + ": "
                + beanClass.type().getSimpleName() + " backs the beans " + beanClass.beanNames()
                + ", whose calls would share the entries of cache '" + cached.cache().name() + "'",
                "Make the key tell the beans apart, e.g. key = \"#root.target.region + ':' + #id\", or a "
                        + "CacheKeyGenerator; or keep one bean of the class.");
    }

    private void checkInvalidations(MethodCachePlan plan) {
        for (InvalidateOperation invalidation : plan.invalidations()) {
            String name = invalidation.name();
            if (name == null) {
                continue;
            }
            CacheDefinition filled = this.catalogue.find(name);
            if (filled == null) {
                logger.log(System.Logger.Level.INFO, "@CacheInvalidate on " + plan.description()
                        + " names cache '" + name + "', which no @Cached or @CachePut method fills (yet)");
            }
            else if (invalidation.backendName() != null && !invalidation.backendName().equals(filled.backendName())) {
                throw new CacheConfigurationException("@CacheInvalidate on " + plan.description()
                        + ": backend '" + invalidation.backendName() + "' is not where cache '" + name
                        + "' lives ('" + filled.backendName() + "')", "Remove backend, or name '"
                                + filled.backendName() + "'.");
            }
        }
    }
}
