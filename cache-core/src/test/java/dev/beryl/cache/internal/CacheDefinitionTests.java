package dev.beryl.cache.internal;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.beryl.cache.CacheBackend;
import dev.beryl.cache.memory.InMemoryCacheBackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CacheDefinitionTests {

    private final CacheBackend backend = InMemoryCacheBackend.builder().build();

    @Test
    void key_isNamespaceColonPart_digestedWhenTooLong() {
        CacheDefinition cache = definition("products", "beryl:products");
        assertThat(cache.key("42")).isEqualTo("beryl:products:42");
        assertThat(cache.key("x".repeat(600))).matches("beryl:products:~[0-9a-f]{32}");
    }

    @Test
    void namespaceThatLeavesNoRoomForAPart_isRejected() {
        String namespace = "beryl:" + "n".repeat(473);
        assertThat(definition("n", "beryl:" + "n".repeat(472)).namespace()).hasSize(478);
        assertThatIllegalArgumentException().isThrownBy(() -> definition("n", namespace))
                .withMessage("namespace of cache 'n' must be at most 478 bytes of UTF-8 without control characters, "
                        + "was '" + namespace + "'");
    }

    @Test
    void namespaceWithControlCharacter_isRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> definition("a\nb", "beryl:a\nb"))
                .withMessage("namespace of cache 'a\\nb' must be at most 478 bytes of UTF-8 without control "
                        + "characters, was 'beryl:a\\nb'");
    }

    private CacheDefinition definition(String name, String namespace) {
        return new CacheDefinition(name, namespace, "memory", this.backend, Duration.ofSeconds(60), Object.class,
                false);
    }
}
