package dev.beryl.cache.spring.internal;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

import dev.beryl.cache.internal.KeyRenderer;
import dev.beryl.cache.key.KeyParts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Direct expressions give SpEL's value, or leave the call to SpEL: every case is evaluated by plain SpEL (a fresh
 * parser and a {@link StandardEvaluationContext} with the arguments as variables), by the direct form alone, and by
 * a {@link CacheExpression} as calls use it (its value, and the key made of it); the values must be equal and of one
 * class, and where SpEL throws, the cache expression throws the same exception with the same message.
 */
class DirectExpressionsTests {

    private static final KeyRenderer KEYS = KeyRenderer.withoutMemo();

    private static final Method KEYED = method("keyed");

    private final CachedExpressions expressions = new CachedExpressions(null, getClass().getClassLoader());

    private final MethodArguments arguments = this.expressions.arguments(KEYED);

    private final DirectExpressions direct = new DirectExpressions(this.expressions.shared(), 10_000);

    static Stream<Arguments> sameAsSpel() {
        String tooLong = "x".repeat(60_000);
        return Stream.of(
                // Argument, methods and properties, as the benchmark's key writes them.
                same("#q.text() + ':' + #q.page()", args()),
                same("#q.text() + ':' + #q.page()", args("q", new Query("ünï €", -12))),
                same("#q.text() + ':' + #q.page()", args("q", new Query("\uD83D\uDE00\n\"", Integer.MIN_VALUE))),
                same("#q.text() + ':' + #q.page()", args("q", new Query(null, 0))),
                same("#q.text", args()),
                same("#q.page", args()),
                same("#p0.text() + #a0.page", args()),
                same("#root.args[0].text()", args()),
                same("#root.args[4]", args()),
                same("#q.text().length()", args()),
                same("'t:' + #q.text().toUpperCase() + #q.text().isEmpty()", args()),
                same("#q", args()),
                same("#id", args("id", -7L)),
                // Literals and the method's name.
                same("'all'", args()),
                same("'it''s ' + 42 + -1 + 7L + -8L + true + false + null + 2.5 + -0.0 + 1e300 + 3.5f + '!'", args()),
                same("#root.methodName + ':' + #id", args()),
                same("'id:' + #id", args("id", Long.MIN_VALUE)),
                // Strings and nulls.
                same("#name + ':' + #id", args("name", "Zoë \u4e2d\u6587")),
                same("#name + ':' + #id", args("name", null)),
                same("#name + ':' + #name", args("name", null)),
                same("'n:' + #name", args("name", null)),
                same("#name", args("name", null)),
                // Values written after a string, as SpEL's converter writes them.
                same("'c:' + #letter + #boxed", args("letter", '\u00e9', "boxed", null)),
                same("'c:' + #letter + #boxed", args("letter", '"', "boxed", -3)),
                same("'color:' + #color", args("color", Color.RED)),
                same("'color:' + #color", args("color", Color.GREEN)),
                same("'color:' + #color", args("color", null)),
                same("'color:' + #color.label()", args("color", Color.GREEN)),
                same("'any:' + #any", args("any", 12L)),
                same("'any:' + #any", args("any", (short) -5)),
                same("'any:' + #any", args("any", (byte) 7)),
                same("'any:' + #any", args("any", -1.0e-9)),
                same("'any:' + #any", args("any", Float.NaN)),
                same("'any:' + #any", args("any", Boolean.FALSE)),
                same("'any:' + #any", args("any", 'q')),
                same("'any:' + #any", args("any", new BigDecimal("-1.50E-7"))),
                same("'any:' + #any", args("any", UUID.fromString("00000000-0000-0001-0000-000000000002"))),
                same("'any:' + #any", args("any", Color.GREEN)),
                same("'any:' + #any", args("any", Tagged.ONE)),
                // Values SpEL converts in its own way: left to SpEL.
                spel("'any:' + #any", args("any", List.of(1, 2))),
                spel("'any:' + #any", args("any", new int[] { 1, 2 })),
                spel("'any:' + #any", args("any", new Query("a", 1))),
                spel("'any:' + #any", args("any", new StringBuilder("sb"))),
                // Getters: get, is, a Boolean, record style; a getter that throws.
                same("#bean.name + '/' + #bean.active + '/' + #bean.count + '/' + #bean.flag", args()),
                same("#bean.name + '/' + #bean.count + '/' + #bean.flag", args("bean", new Bean(null, null, null))),
                same("'x' + #bean.getName().length()", args()),
                spel("'x' + #bean.broken", args()),
                spel("'x' + #bean.broken()", args()),
                // Overloaded, inherited and covariant methods; interfaces with different runtime classes.
                same("'o:' + #base.label()", args()),
                same("'o:' + #base.label() + #base.id()", args("base", new Derived())),
                same("'v:' + #base.value()", args("base", new Derived())),
                same("'n:' + #named.name()", args("named", new Plain())),
                same("'n:' + #named.name()", args("named", new WithGetter())),
                same("'n:' + #named.name", args("named", new Plain())),
                spel("'n:' + #named.name", args("named", new WithGetter())),
                same("'n:' + #named.name", args("named", new Named() {

                    @Override
                    public String name() {
                        return "anonymous";
                    }
                })),
                same("'h:' + #hidden.secret()", args()),
                // Where SpEL fails, the same failure.
                spel("#q.text() + ':' + #q.page()", args("q", null)),
                spel("#q.text", args("q", null)),
                spel("'n:' + #named.name().length()", args("named", new Named() {

                    @Override
                    public @Nullable String name() {
                        return null;
                    }
                })),
                spel("#name + #id", args("name", null)),
                spel("#name + #boxed", args("name", null, "boxed", null)),
                spel("#name + #name + #name", args("name", tooLong)),
                same("#name + #name", args("name", tooLong.substring(10_000))));
    }

    /**
     * @param answered whether the direct form answers this call, or leaves it to SpEL (a {@code null} where SpEL
     * fails, a value it does not write, a getter SpEL would not choose, an exception)
     */
    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource
    void sameAsSpel(String text, Map<String, @Nullable Object> values, boolean answered) {
        Object[] args = argsArray(values);
        Outcome spel = plainSpel(text, args);
        CacheExpression expression = this.expressions.parse("test", "key", text, this.arguments, false);
        assertThat(expression.isDirect()).as("direct").isTrue();
        assertThat(outcome(() -> expression.value(call(args)))).isEqualTo(spel);
        Outcome spelKey = (spel.failure() != null) ? spel : outcome(() -> KeyParts.keyOfValue("beryl:k", spel.value()));
        assertThat(outcome(() -> expression.key(KEYS, "beryl:k", call(args)))).isEqualTo(spelKey);
        assertThat(outcome(() -> expression.key(KEYS, "beryl:k", new Invocation(args), Keyed.class))).isEqualTo(spelKey);
        Object direct = directForm(text).value(args);
        if (answered) {
            assertThat(outcome(() -> direct)).isEqualTo(spel);
        }
        else {
            assertThat(direct).isSameAs(DirectExpression.UNDECIDED);
        }
    }

    static Stream<Arguments> answeredDirectly() {
        return Stream.of(
                direct("#q.text() + ':' + #q.page()", args(), "trail shoes:2"),
                direct("#name + ':' + #id", args("name", null), "null:42"),
                direct("'color:' + #color", args("color", Color.GREEN), "color:GREEN"),
                direct("#root.methodName + '/' + #root.args[4]", args(), "keyed/42"),
                direct("'n:' + #named.name()", args("named", new WithGetter()), "n:record style"),
                direct("#bean.active", args(), true),
                direct("'any:' + #any", args("any", 'c'), "any:c"),
                direct("'h:' + #hidden.secret()", args(), "h:hidden"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void answeredDirectly(String text, Map<String, @Nullable Object> values, Object expected) {
        assertThat(directForm(text).value(argsArray(values))).isEqualTo(expected);
    }

    @Test
    void getterThatSpelWouldNotChoose_onAnotherRuntimeClass_isLeftToSpel() {
        DirectExpression expression = directForm("'n:' + #named.name");
        assertThat(expression.value(argsArray(args("named", new Plain())))).isEqualTo("n:plain");
        assertThat(expression.value(argsArray(args("named", new WithGetter())))).isSameAs(DirectExpression.UNDECIDED);
        assertThat(expression.value(argsArray(args("named", new Plain())))).isEqualTo("n:plain");
    }

    @ParameterizedTest
    @MethodSource
    void otherShapes_stayWithSpel(String text) {
        CacheExpression expression = this.expressions.parse("test", "key", text, this.arguments, true);
        assertThat(expression.isDirect()).isFalse();
        Object[] args = argsArray(args());
        assertThat(outcome(() -> expression.value(call(args)))).isEqualTo(plainSpel(text, args));
    }

    static Stream<String> otherShapes_stayWithSpel() {
        return Stream.of("#q.text().substring(1)", "#q.text().concat(#name)", "#id > 0 ? 'a' : 'b'",
                "#q?.text()", "#q?.text", "'a' + #q?.page()", "#id + ':' + #name", "#id + 1", "'a' + #q",
                "'a' + #bean", "'a' + (#name + 'b')", "#name ?: 'none'", "{1, 2}.?[#this > 1]", "{1, 2}.![#this]",
                "T(java.lang.Math).abs(#id)", "#root.targetClass.simpleName", "#root.method.name",
                "'a' + #bean.publicField", "#bean.publicField", "#name.bytes.length", "new String('x')",
                "#result", "#name matches 'a.*'", "-#id", "+#id", "!#bean.active",
                "'a' + #q.page() * 2", "#base.getClass().simpleName", "'a' + #any.getClass()", "#ids[0]");
    }

    @Test
    void beanReferences_stayWithSpel() {
        assertThat(this.expressions.parse("test", "key", "@keys.item(#id)", this.arguments, false).isDirect())
                .isFalse();
        assertThat(this.expressions.parse("test", "key", "'a' + @keys", this.arguments, false).isDirect()).isFalse();
    }

    @Test
    void moreOperationsThanSpelPermits_stayWithSpel() {
        SpelExpression parsed = (SpelExpression) new SpelExpressionParser().parseExpression("'a' + #name + #id");
        assertThat(new DirectExpressions(this.expressions.shared(), 5).of(parsed.getAST(), this.arguments)).isNull();
        assertThat(new DirectExpressions(this.expressions.shared(), 6).of(parsed.getAST(), this.arguments))
                .isNotNull();
    }

    private DirectExpression directForm(String text) {
        SpelExpression parsed = (SpelExpression) new SpelExpressionParser().parseExpression(text);
        DirectExpression expression = this.direct.of(parsed.getAST(), this.arguments);
        assertThat(expression).as(text).isNotNull();
        return expression;
    }

    private Outcome plainSpel(String text, Object[] args) {
        Keyed target = new Keyed();
        StandardEvaluationContext context = new StandardEvaluationContext(
                new CachedExpressionRoot(KEYED, target, Keyed.class, args));
        @Nullable String[] names = this.arguments.names();
        for (int i = 0; i < args.length; i++) {
            context.setVariable(names[i], args[i]);
            context.setVariable("p" + i, args[i]);
            context.setVariable("a" + i, args[i]);
        }
        return outcome(() -> new SpelExpressionParser().parseExpression(text).getValue(context));
    }

    private Call call(Object[] args) {
        return new Call(new Invocation(args), Keyed.class, this.arguments, this.expressions.shared());
    }

    private static Outcome outcome(Evaluation evaluation) {
        try {
            Object value = evaluation.evaluate();
            return new Outcome(value, (value != null) ? value.getClass() : null, null);
        }
        catch (RuntimeException ex) {
            return new Outcome(null, null, ex.getClass().getName() + ": " + ex.getMessage());
        }
    }

    private static Arguments same(String text, Map<String, @Nullable Object> values) {
        return arguments(text, values, true);
    }

    private static Arguments spel(String text, Map<String, @Nullable Object> values) {
        return arguments(text, values, false);
    }

    private static Arguments direct(String text, Map<String, @Nullable Object> values, Object expected) {
        return arguments(text, values, expected);
    }

    /** The arguments of {@link Keyed#keyed}: defaults, some replaced. */
    private static Map<String, @Nullable Object> args(@Nullable Object... replaced) {
        Map<String, @Nullable Object> values = new HashMap<>();
        values.put("q", new Query("trail shoes", 2));
        values.put("color", Color.RED);
        values.put("bean", new Bean("bean", 3, true));
        values.put("named", new Plain());
        values.put("id", 42L);
        values.put("name", "name");
        values.put("any", 1);
        values.put("letter", 'x');
        values.put("boxed", 5);
        values.put("base", new Base());
        values.put("hidden", new Hidden("hidden"));
        values.put("ids", new long[] { 1 });
        for (int i = 0; i < replaced.length; i += 2) {
            values.put((String) replaced[i], replaced[i + 1]);
        }
        return values;
    }

    private Object[] argsArray(Map<String, @Nullable Object> values) {
        @Nullable String[] names = this.arguments.names();
        Object[] args = new Object[names.length];
        for (int i = 0; i < names.length; i++) {
            args[i] = values.get(names[i]);
        }
        return args;
    }

    private static Method method(String name) {
        for (Method method : Keyed.class.getMethods()) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        throw new IllegalArgumentException(name);
    }

    @FunctionalInterface
    private interface Evaluation {

        @Nullable Object evaluate();
    }

    /** A value, its class, or a failure as {@code class: message}. */
    private record Outcome(@Nullable Object value, @Nullable Class<?> type, @Nullable String failure) {
    }

    public static class Keyed {

        public String keyed(Query q, Color color, Bean bean, Named named, long id, @Nullable String name,
                @Nullable Object any, char letter, @Nullable Integer boxed, Base base, Hidden hidden, long[] ids) {
            return "";
        }
    }

    public record Query(@Nullable String text, int page) {
    }

    /** An enum whose constants are not written as their {@code toString()}; one has a body of its own. */
    public enum Color {

        RED,

        GREEN {

            @Override
            public String label() {
                return "green";
            }
        };

        public String label() {
            return "label";
        }

        @Override
        public String toString() {
            return "color " + name().toLowerCase();
        }
    }

    /** An enum with an interface of its own. */
    public enum Tagged implements Named {

        ONE;

        @Override
        public String toString() {
            return "tagged one";
        }
    }

    public static class Bean {

        private final @Nullable String name;

        private final @Nullable Integer count;

        private final @Nullable Boolean flag;

        public String publicField = "field";

        Bean(@Nullable String name, @Nullable Integer count, @Nullable Boolean flag) {
            this.name = name;
            this.count = count;
            this.flag = flag;
        }

        public @Nullable String getName() {
            return this.name;
        }

        public boolean isActive() {
            return true;
        }

        public @Nullable Integer getCount() {
            return this.count;
        }

        public @Nullable Boolean isFlag() {
            return this.flag;
        }

        public String getBroken() {
            throw new IllegalStateException("broken getter");
        }

        public String broken() {
            throw new IllegalStateException("broken method");
        }
    }

    public interface Named {

        @Nullable String name();
    }

    /** Only the record-style accessor: SpEL reads the property {@code name} through it. */
    public static final class Plain implements Named {

        @Override
        public String name() {
            return "plain";
        }
    }

    /** A getter too: SpEL reads the property {@code name} through {@code getName()}, not {@code name()}. */
    public static final class WithGetter implements Named {

        @Override
        public String name() {
            return "record style";
        }

        public String getName() {
            return "getter";
        }
    }

    public static class Base {

        public String label() {
            return "base";
        }

        public String label(String suffix) {
            return "base " + suffix;
        }

        public String id() {
            return "b";
        }

        public Object value() {
            return "object";
        }
    }

    public static class Derived extends Base {

        @Override
        public String id() {
            return "derived";
        }

        @Override
        public Long value() {
            return -5L;
        }
    }

    /** Not public, as a record declared beside the method often is; SpEL makes its accessor accessible. */
    record Hidden(String secret) {
    }

    private static final class Invocation implements MethodInvocation {

        private final Object[] args;

        Invocation(Object[] args) {
            this.args = args;
        }

        @Override
        public Method getMethod() {
            return KEYED;
        }

        @Override
        public Object[] getArguments() {
            return this.args;
        }

        @Override
        public @Nullable Object proceed() {
            return null;
        }

        @Override
        public Object getThis() {
            return new Keyed();
        }

        @Override
        public AccessibleObject getStaticPart() {
            return KEYED;
        }
    }
}
