package dev.beryl.cache.spring;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongFunction;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Classes compiled without {@code -parameters}, as some builds still do: {@code #name} cannot work there and start-up
 * says why, while {@code #p0} works. The classes are compiled by the test and proxied through their interface.
 */
class ParameterNamesTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BerylCacheAutoConfiguration.class));

    @TempDir
    Path sources;

    @Test
    void keyByName_withoutParameterNames_failsStartupPointingToTheFlag() throws Exception {
        Class<?> legacy = compileWithoutParameterNames("ByName", "#id");
        this.contextRunner.withBean(legacy).run((context) -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (!(failure instanceof CacheConfigurationException) && failure.getCause() != null) {
                failure = failure.getCause();
            }
            assertThat(failure).isInstanceOf(CacheConfigurationException.class).hasMessage("@Cached on ByName.apply(long):"
                    + " key '#id' refers to #id, but the parameter names of legacy.ByName were not compiled into it");
            assertThat(((CacheConfigurationException) failure).getAction()).contains("-parameters").contains("#p0");
        });
    }

    @Test
    void keyByPosition_withoutParameterNames_works() throws Exception {
        Class<?> legacy = compileWithoutParameterNames("ByPosition", "#p0");
        this.contextRunner.withBean(legacy).run((context) -> {
            assertThat(context).hasNotFailed();
            @SuppressWarnings("unchecked")
            LongFunction<String> bean = context.getBean(LongFunction.class);
            assertThat(bean.apply(3)).isEqualTo(bean.apply(3)).isEqualTo("v3#1");
        });
    }

    private Class<?> compileWithoutParameterNames(String name, String key) throws Exception {
        Path source = this.sources.resolve("legacy/" + name + ".java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, """
                package legacy;

                public class %s implements java.util.function.LongFunction<String> {
                    private int calls;

                    @dev.beryl.cache.annotation.Cached(key = "%s")
                    public String apply(long id) {
                        return "v" + id + "#" + (++calls);
                    }
                }
                """.formatted(name, key));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = Path.of(Cached.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        int status = javac.run(null, null, null, List.of("-classpath", classpath, "-d", this.sources.toString(),
                source.toString()).toArray(String[]::new));
        assertThat(status).as("javac exit status").isZero();
        URLClassLoader loader = new URLClassLoader(new URL[] { this.sources.toUri().toURL() },
                getClass().getClassLoader());
        return loader.loadClass("legacy." + name);
    }
}
