package dev.beryl.cache.redis;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;

import dev.beryl.cache.redis.ValueShapes.Product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class JsonValueCodecTests {

    private final JsonValueCodec codec = new JsonValueCodec();

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("dev.beryl.cache.redis.ValueShapes#all")
    void everyShape_roundTripsWithItsDeclaredType(String method, Object value) {
        byte[] json = this.codec.encode(value);
        assertThat(this.codec.decode(json, ValueShapes.declared(method))).isEqualTo(value);
    }

    @Test
    void json_carriesNoTypeInformation() {
        String json = new String(this.codec.encode(List.of(new Product(1, "a", java.math.BigDecimal.ONE,
                java.time.Instant.EPOCH))), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("[{\"id\":1,\"name\":\"a\",\"price\":1,\"updated\":\"1970-01-01T00:00:00Z\"}]");
        assertThat(json).doesNotContain("@class").doesNotContain("dev.beryl");
    }

    @Test
    void null_isAMarkerThatNoJsonCanBe() {
        assertThat(new String(this.codec.encode(null), StandardCharsets.US_ASCII)).isEqualTo("beryl:null");
        assertThat(this.codec.decode("beryl:null".getBytes(StandardCharsets.US_ASCII), Product.class)).isNull();
        assertThat(this.codec.decode("\"beryl:null\"".getBytes(StandardCharsets.UTF_8), String.class))
                .isEqualTo("beryl:null");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.beryl.cache.redis.ValueShapes#all")
    void everyShape_isReadable(String method, Object value) {
        this.codec.checkReadable(ValueShapes.declared(method));
    }

    @Test
    void typesThatJsonCannotRestore_areRejectedUpFront() throws NoSuchMethodException {
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.checkReadable(Object.class))
                .withMessage("java.lang.Object is Object, and JSON without type information cannot say which class "
                        + "to read");
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.checkReadable(Runnable.class))
                .withMessage("java.lang.Runnable is abstract, and JSON without type information cannot say which "
                        + "class to read");
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.checkReadable(
                Unreadable.class.getMethod("wildcard").getGenericReturnType()))
                .withMessage("? is not a concrete type, and JSON without type information cannot say which class "
                        + "to read");
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.checkReadable(
                Unreadable.class.getMethod("objects").getGenericReturnType()))
                .withMessageStartingWith("java.lang.Object is Object");
    }

    interface Unreadable {

        List<?> wildcard();

        java.util.Map<String, Object> objects();
    }

    @Test
    void corruptBytes_failToDecode() {
        assertThatExceptionOfType(JacksonException.class)
                .isThrownBy(() -> this.codec.decode(new byte[] { (byte) 0xC3, 0x28, 0x7B }, Product.class));
    }

    @Test
    void jsonOfAnotherShape_failsToDecode() {
        assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> this.codec.decode(
                "{\"id\":1,\"title\":\"renamed field\"}".getBytes(StandardCharsets.UTF_8), Product.class));
        assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> this.codec.decode(
                "{\"id\":1,\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8), Product.class));
        assertThatExceptionOfType(JacksonException.class).isThrownBy(
                () -> this.codec.decode("[1,2]".getBytes(StandardCharsets.UTF_8), Product.class));
    }
}
