package dev.beryl.cache.spring.internal;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Method;

import org.aopalliance.intercept.MethodInvocation;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.internal.KeyRenderer;
import dev.beryl.cache.internal.NumberKey;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** How calls find the plan of their method, in an application context. */
class CacheOperationSourceTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class));

    @Test
    void oneMethod_calledOnTwoTargetClasses_findsEachClassesPlan() {
        this.contextRunner.run((context) -> {
            CacheOperationSource source = context.getBean(CacheOperationSource.class);
            Method price = Prices.class.getMethod("price", long.class);
            Object first = new PricesImpl();
            Object second = new OtherPrices();
            for (int call = 0; call < 3; call++) {
                // Alternating: each call meets the other class remembered before it.
                assertThat(source.forCall(price, first).plan().cached().cache().name())
                        .isEqualTo("PricesImpl.price");
                assertThat(source.forCall(price, first).targetClass()).isEqualTo(PricesImpl.class);
                assertThat(source.forCall(price, second).plan().cached().cache().name())
                        .isEqualTo("other-prices");
                assertThat(source.forCall(price, second).targetClass()).isEqualTo(OtherPrices.class);
            }
            assertThat(source.forCall(Object.class.getMethod("toString"), first).plan()).isNull();
        });
    }

    @Test
    void genericReturnType_isResolvedAgainstTheBeanClass() {
        this.contextRunner.withBean(StringRepository.class).run((context) -> {
            CacheOperationSource source = context.getBean(CacheOperationSource.class);
            Method find = StringRepository.class.getMethod("find", long.class);
            assertThat(source.get(find, StringRepository.class).cached().cache().valueType()).isEqualTo(String.class);
        });
    }

    @Test
    void aMemoryCacheKeyedByArguments_looksNumbersUpAsNumberKeys_andOnlyThen() {
        this.contextRunner.withBean(Numbers.class).run((context) -> {
            CacheOperationSource source = context.getBean(CacheOperationSource.class);
            CachedOperation byId = source.get(Numbers.class.getMethod("byId", long.class), Numbers.class).cached();
            assertThat(byId.argumentsOnly()).isTrue();
            assertThat(byId.holdsNumberKeys()).isTrue();
            CachedOperation stale = source.get(Numbers.class.getMethod("stale", long.class), Numbers.class).cached();
            assertThat(stale.holdsNumberKeys()).as("stale windows take the text path").isFalse();

            KeyRenderer keys = context.getBean(KeyRenderer.class);
            String namespace = byId.cache().namespace();
            assertThat(KeyRule.argument(keys, 0).heldKey(namespace, invocation(42L), Numbers.class))
                    .isEqualTo(new NumberKey(namespace, 42));
            assertThat(KeyRule.allArguments(keys).heldKey(namespace, invocation(7), Numbers.class))
                    .isEqualTo(new NumberKey(namespace, 7));
            assertThat(KeyRule.allArguments(keys).heldKey(namespace, invocation("7"), Numbers.class))
                    .isEqualTo(namespace + ":\"7\"");
            assertThat(KeyRule.allArguments(keys).heldKey(namespace, invocation(7L, 8L), Numbers.class))
                    .isEqualTo(namespace + ":7,8");
        });
    }

    private static MethodInvocation invocation(Object... args) {
        return new MethodInvocation() {

            @Override
            public Method getMethod() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Object[] getArguments() {
                return args;
            }

            @Override
            public Object proceed() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Object getThis() {
                throw new UnsupportedOperationException();
            }

            @Override
            public AccessibleObject getStaticPart() {
                throw new UnsupportedOperationException();
            }
        };
    }

    public static class Numbers {

        @Cached
        public String byId(long id) {
            return "n" + id;
        }

        @Cached(staleWhileRevalidate = "1m")
        public String stale(long id) {
            return "s" + id;
        }
    }

    public interface Prices {

        @Cached
        String price(long id);
    }

    static class PricesImpl implements Prices {

        @Override
        public String price(long id) {
            return "price-" + id;
        }
    }

    static class OtherPrices implements Prices {

        @Override
        @Cached(name = "other-prices")
        public String price(long id) {
            return "other-" + id;
        }
    }

    public abstract static class Repository<T> {

        @Cached
        public abstract T find(long id);
    }

    public static class StringRepository extends Repository<String> {

        @Override
        public String find(long id) {
            return "s" + id;
        }
    }
}
