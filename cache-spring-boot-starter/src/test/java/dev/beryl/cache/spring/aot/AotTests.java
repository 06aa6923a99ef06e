package dev.beryl.cache.spring.aot;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.javapoet.ClassName;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

import dev.beryl.cache.annotation.Cached;

import static org.assertj.core.api.Assertions.assertThat;

/** What Beryl declares for ahead-of-time processing and native images. */
class AotTests {

    @Test
    void registrar_isFound_andDeclaresTheTypesJacksonBuilds() {
        assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
                .anyMatch(BerylRuntimeHints.class::isInstance);
        RuntimeHints hints = new RuntimeHints();
        new BerylRuntimeHints().registerHints(hints, getClass().getClassLoader());
        for (String type : BerylRuntimeHints.SERIALIZED) {
            assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(type))
                    .withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(hints);
        }
    }

    @Test
    void beansWithCacheAnnotations_getTheirMethodsDeclared_andOthersNothing() {
        assertThat(AotServices.factories().load(BeanRegistrationAotProcessor.class))
                .anyMatch(CachedBeansAotProcessor.class::isInstance);
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.registerBeanDefinition("prices", new RootBeanDefinition(Prices.class));
        beans.registerBeanDefinition("plain", new RootBeanDefinition(Plain.class));
        CachedBeansAotProcessor processor = new CachedBeansAotProcessor();
        assertThat(processor.processAheadOfTime(RegisteredBean.of(beans, "plain"))).isNull();
        BeanRegistrationAotContribution contribution = processor.processAheadOfTime(RegisteredBean.of(beans, "prices"));
        assertThat(contribution).isNotNull();
        DefaultGenerationContext context = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get(AotTests.class)), new InMemoryGeneratedFiles());
        contribution.applyTo(context, null);
        assertThat(RuntimeHintsPredicates.reflection().onType(Prices.class)
                .withMemberCategory(MemberCategory.INTROSPECT_DECLARED_METHODS)).accepts(context.getRuntimeHints());
    }

    static class Prices {

        @Cached
        public String price(long id) {
            return "price " + id;
        }
    }

    static class Plain {

        public String price(long id) {
            return "price " + id;
        }
    }
}
