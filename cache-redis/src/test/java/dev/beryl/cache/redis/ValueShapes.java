package dev.beryl.cache.redis;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

/**
 * The shapes of values that cached methods return, each with the generic type the method declares. Shared by the
 * codec's unit tests and the round trips through a real Redis.
 */
final class ValueShapes {

    private ValueShapes() {
    }

    record Product(long id, String name, BigDecimal price, Instant updated) {
    }

    /** A JavaBean with a default constructor and setters, as older code has. */
    public static final class Customer {

        private String name;

        private List<String> tags;

        public String getName() {
            return this.name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public List<String> getTags() {
            return this.tags;
        }

        public void setTags(List<String> tags) {
            this.tags = tags;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customer that && Objects.equals(this.name, that.name)
                    && Objects.equals(this.tags, that.tags);
        }

        @Override
        public int hashCode() {
            return Objects.hash(this.name, this.tags);
        }

        static Customer of(String name, String... tags) {
            Customer customer = new Customer();
            customer.setName(name);
            customer.setTags(List.of(tags));
            return customer;
        }
    }

    /** Methods whose generic return types are the declared types of the values. */
    interface Declared {

        Product record();

        Customer bean();

        List<Product> list();

        Map<String, Product> map();

        Optional<Product> optional();

        Set<String> set();

        Instant instant();

        LocalDate localDate();

        LocalDateTime localDateTime();

        Duration duration();

        long primitiveLong();

        int primitiveInt();

        boolean primitiveBoolean();

        double primitiveDouble();

        String string();

        BigDecimal bigDecimal();
    }

    static Type declared(String method) {
        try {
            return Declared.class.getMethod(method).getGenericReturnType();
        }
        catch (NoSuchMethodException ex) {
            throw new IllegalArgumentException(ex);
        }
    }

    static Stream<Arguments> all() {
        Product shoes = new Product(1, "Trail shoes", new BigDecimal("129.00"), Instant.parse("2026-11-26T10:15:30Z"));
        Product boots = new Product(2, "Boots", new BigDecimal("185.50"), Instant.parse("2026-01-02T03:04:05.123Z"));
        Map<String, Product> map = new LinkedHashMap<>();
        map.put("shoes", shoes);
        map.put("boots", boots);
        return Stream.of(
                Arguments.of("record", shoes),
                Arguments.of("bean", Customer.of("Ada", "vip", "early")),
                Arguments.of("list", List.of(shoes, boots)),
                Arguments.of("map", map),
                Arguments.of("optional", Optional.of(shoes)),
                Arguments.of("optional", Optional.empty()),
                Arguments.of("set", Set.of("a", "b")),
                Arguments.of("instant", Instant.parse("2026-11-26T10:15:30.5Z")),
                Arguments.of("localDate", LocalDate.of(2026, 11, 26)),
                Arguments.of("localDateTime", LocalDateTime.of(2026, 11, 26, 10, 15)),
                Arguments.of("duration", Duration.ofMinutes(90)),
                Arguments.of("primitiveLong", 42L),
                Arguments.of("primitiveInt", 7),
                Arguments.of("primitiveBoolean", true),
                Arguments.of("primitiveDouble", 2.5),
                Arguments.of("string", "héllo \"world\""),
                Arguments.of("bigDecimal", new BigDecimal("0.10")));
    }
}
