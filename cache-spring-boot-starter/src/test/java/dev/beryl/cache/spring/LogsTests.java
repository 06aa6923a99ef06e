package dev.beryl.cache.spring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import dev.beryl.cache.annotation.Cached;
import dev.beryl.cache.spring.autoconfigure.BerylCacheAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/** What Beryl logs: one line at start-up, and each call at DEBUG only when asked to. */
@ExtendWith(OutputCaptureExtension.class)
class LogsTests {

    @Test
    void startUp_logsOneSummaryLine_andCallsAreQuietByDefault(CapturedOutput output) {
        try (ConfigurableApplicationContext context = run()) {
            context.getBean(Greeter.class).greet("ada");
            context.getBean(Greeter.class).greet("ada");
        }
        assertThat(output.getOut()).contains("Beryl caches 1 method in 1 caches; caches per backend: {memory (");
        assertThat(output.getOut()).doesNotContain("kind=HIT");
    }

    @Test
    void withTheCallsLoggerAtDebug_eachCallIsLogged_withItsKey(CapturedOutput output) {
        try (ConfigurableApplicationContext context = run("--logging.level.dev.beryl.cache.calls=DEBUG")) {
            context.getBean(Greeter.class).greet("ada");
            context.getBean(Greeter.class).greet("ada");
        }
        assertThat(output.getOut()).contains("kind=MISS", "kind=LOAD", "kind=PUT", "kind=HIT",
                "key=beryl:greetings:\"ada\"");
    }

    private static ConfigurableApplicationContext run(String... args) {
        return new SpringApplicationBuilder(Configuration.class).web(WebApplicationType.NONE)
                .properties("spring.main.banner-mode=off").run(args);
    }

    @ImportAutoConfiguration(BerylCacheAutoConfiguration.class)
    @Import(Greeter.class)
    static class Configuration {
    }

    static class Greeter {

        @Cached(name = "greetings")
        public String greet(String name) {
            return "hello " + name;
        }
    }
}
