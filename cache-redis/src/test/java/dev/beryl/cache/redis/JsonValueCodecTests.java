package dev.beryl.cache.redis;

import java.io.Serializable;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ObjectNode;

import dev.beryl.cache.redis.ValueShapes.Product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

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
        assertThatNoException().isThrownBy(() -> this.codec.checkReadable(ValueShapes.declared(method)));
    }

    @Test
    void typesThatJsonCannotRestore_areRejectedUpFront() {
        assertRejected(Object.class, "Object cannot be restored from JSON without type information");
        assertRejected(Runnable.class, "Runnable (an interface) cannot be restored from JSON without type information");
        assertRejected(Shape.class, "Shape (an abstract class) cannot be restored from JSON without type information");
        assertRejected(declared("wildcard"), "List<?>[] is declared Object, which JSON cannot restore without type "
                + "information");
        assertRejected(declared("objects"), "Map<String, Object>[] is declared Object, which JSON cannot restore "
                + "without type information");
    }

    @Test
    void recordComponentDeclaredObject_isRejected_namingThePath() {
        assertRejected(Envelope.class, "Envelope.payload is declared Object, which JSON cannot restore without type "
                + "information");
    }

    @Test
    void beanPropertyOfAnInterfaceOrAbstractClass_isRejected_namingThePath() {
        assertRejected(Drawing.class, "Drawing.outline is declared Outline (an interface), which JSON cannot restore "
                + "without type information");
        assertRejected(Framed.class, "Framed.shape is declared Shape (an abstract class), which JSON cannot restore "
                + "without type information");
        assertRejected(Stored.class, "Stored.value is declared Serializable, which JSON cannot restore without type "
                + "information");
    }

    @Test
    void propertiesOfGenericTypes_areCheckedWithTheirTypeArguments() {
        assertRejected(declared("pageOfItems"), "Page<Item>.content[].owner is declared Object, which JSON cannot "
                + "restore without type information");
        assertRejected(declared("pageOfObjects"), "Page<Object>.content[] is declared Object, which JSON cannot "
                + "restore without type information");
        this.codec.checkReadable(declared("pageOfProducts"));
    }

    @Test
    void elementsValuesAndOptionals_areCheckedAtEveryDepth() {
        assertRejected(declared("envelopes"), "List<Envelope>[].payload is declared Object, which JSON cannot "
                + "restore without type information");
        assertRejected(declared("envelopeArray"), "Envelope[][].payload is declared Object, which JSON cannot "
                + "restore without type information");
        assertRejected(declared("envelopesByName"), "Map<String, Envelope>[].payload is declared Object, which JSON "
                + "cannot restore without type information");
        assertRejected(declared("maybeEnvelope"), "Optional<Envelope>.payload is declared Object, which JSON cannot "
                + "restore without type information");
        assertRejected(declared("maybeAnything"), "Optional<Object> holds Object, which JSON cannot restore without "
                + "type information");
        assertRejected(Outer.class, "Outer.middle.envelopes[][].payload is declared Object, which JSON cannot "
                + "restore without type information");
    }

    @Test
    void mapKeysDeclaredObject_areRejected_becauseTheyComeBackAsStrings() {
        assertRejected(declared("objectKeys"), "Map<Object, String> has keys declared Object, which JSON reads back "
                + "as strings");
    }

    @Test
    void typeThatJacksonCannotReadAtAll_isRejectedWithJacksonsReason() {
        assertRejected(declared("runnableKeys"), "Map<Runnable, String> cannot be read by Jackson: Cannot find a (Map) "
                + "Key deserializer for type [simple type, class java.lang.Runnable]");
    }

    @Test
    void recursiveTypes_areCheckedOnce_andPass() {
        this.codec.checkReadable(Node.class);
        this.codec.checkReadable(Parent.class);
        assertRejected(BadNode.class, "BadNode.tag is declared Object, which JSON cannot restore without "
                + "type information");
    }

    @Test
    void typesJacksonKnowsHowToRead_pass() {
        this.codec.checkReadable(Scalars.class);
        this.codec.checkReadable(Polymorphic.class);
        this.codec.checkReadable(Annotated.class);
    }

    @Test
    void polymorphicTypingOfObject_isRejectedWithJacksonsReason() {
        assertRejected(AnyClass.class, "AnyClass cannot be read by Jackson: Configured `PolymorphicTypeValidator` (of "
                + "type `tools.jackson.databind.jsontype.DefaultBaseTypeLimitingValidator`) denies resolution of all "
                + "subtypes of base type `java.lang.Object` as using too generic base type can open a security hole "
                + "without checks on subtype: please configure a custom `PolymorphicTypeValidator` for this use case");
    }

    @Test
    void typeWithADeserializerOfAModule_passes_andIsNotLookedInto() {
        JsonValueCodec withModule = new JsonValueCodec(JsonValueCodec.defaultMapperBuilder()
                .addModule(new SimpleModule().addDeserializer(Outline.class, new OutlineDeserializer())).build());
        withModule.checkReadable(Drawing.class);
        assertRejected(Drawing.class, "Drawing.outline is declared Outline (an interface), which JSON cannot restore "
                + "without type information");
    }

    @Test
    void mapperWithDefaultTyping_isRefused() {
        JsonMapper typed = JsonValueCodec.defaultMapperBuilder().activateDefaultTyping(
                BasicPolymorphicTypeValidator.builder().allowIfBaseType(Object.class).build()).build();
        assertThatIllegalArgumentException().isThrownBy(() -> new JsonValueCodec(typed)).withMessage("The JsonMapper "
                + "of JsonValueCodec has default typing activated, which lets stored data name the classes to "
                + "instantiate: build it without activateDefaultTyping");
    }

    private void assertRejected(Type type, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> this.codec.checkReadable(type)).withMessage(message);
    }

    private static Type declared(String method) {
        try {
            return Declared.class.getMethod(method).getGenericReturnType();
        }
        catch (NoSuchMethodException ex) {
            throw new IllegalArgumentException(ex);
        }
    }

    interface Declared {

        List<?> wildcard();

        Map<String, Object> objects();

        Page<Item> pageOfItems();

        Page<Object> pageOfObjects();

        Page<Product> pageOfProducts();

        List<Envelope> envelopes();

        Envelope[] envelopeArray();

        Map<String, Envelope> envelopesByName();

        Optional<Envelope> maybeEnvelope();

        Optional<Object> maybeAnything();

        Map<Object, String> objectKeys();

        Map<Runnable, String> runnableKeys();
    }

    record Envelope(String kind, Object payload) {
    }

    record Item(String name, Object owner) {
    }

    /** A page of results as a JavaBean, its content typed by the type argument. */
    public static class Page<T> {

        private List<T> content = List.of();

        private int number;

        public List<T> getContent() {
            return this.content;
        }

        public void setContent(List<T> content) {
            this.content = content;
        }

        public int getNumber() {
            return this.number;
        }

        public void setNumber(int number) {
            this.number = number;
        }
    }

    interface Outline {
    }

    record Square(int side) implements Outline {
    }

    /** A JavaBean whose property is an interface. */
    public static class Drawing {

        private @Nullable Outline outline;

        public @Nullable Outline getOutline() {
            return this.outline;
        }

        public void setOutline(@Nullable Outline outline) {
            this.outline = outline;
        }
    }

    abstract static class Shape {
    }

    record Framed(String title, Shape shape) {
    }

    record Stored(Serializable value) {
    }

    record Outer(Middle middle) {
    }

    record Middle(List<Map<String, Envelope>> envelopes) {
    }

    record Node(String name, List<Node> children) {
    }

    record Parent(String name, List<Child> children) {
    }

    record Child(String name, @Nullable Parent parent) {
    }

    record BadNode(String name, List<BadNode> children, Object tag) {
    }

    enum Colour {
        RED, GREEN
    }

    record Scalars(String text, long number, Integer boxed, BigDecimal amount, Number anyNumber, UUID id, Colour colour,
            Instant at, LocalDate day, Duration time, CharSequence chars, byte[] bytes, int[] ints, JsonNode tree,
            ObjectNode object, Set<Colour> colours, Map<Colour, List<Product>> byColour, Optional<Product> maybe,
            Map<UUID, Long> counts) {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
    @JsonSubTypes(@JsonSubTypes.Type(value = Circle.class, name = "circle"))
    interface Figure {
    }

    record Circle(double radius) implements Figure {
    }

    record Polymorphic(Figure figure, List<Figure> figures, Map<String, Figure> byName, Optional<Figure> maybe,
            @JsonTypeInfo(use = JsonTypeInfo.Id.NAME)
            @JsonSubTypes(@JsonSubTypes.Type(value = Square.class, name = "square")) Outline typedByProperty) {
    }

    record Annotated(@JsonDeserialize(as = Square.class) Outline outline,
            @JsonDeserialize(using = OutlineDeserializer.class) Object custom) {
    }

    record AnyClass(@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS) Object value) {
    }

    static final class OutlineDeserializer extends ValueDeserializer<Outline> {

        @Override
        public Outline deserialize(JsonParser parser, DeserializationContext context) {
            return new Square(parser.getIntValue());
        }
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
