package dev.beryl.cache.spring.internal;

import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.aopalliance.intercept.MethodInvocation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.ReflectiveMethodResolver;
import org.springframework.expression.spel.support.StandardEvaluationContext;

import dev.beryl.cache.internal.KeyRenderer;

/**
 * The full key of one call made from a key expression, three ways: {@code beryl}, as Beryl makes it (without SpEL
 * where it can, see {@link DirectExpressions}); {@code spel}, always by SpEL, through Beryl's per-call context and its
 * {@link AccessorMethodResolver}; and {@code spelPlainResolver}, the same with SpEL's own method resolver, to show
 * what the accessor resolver is worth. The first expression is the benchmarks' SpEL key (a string and an
 * {@code int}, which SpEL cannot compile); the second joins strings, which SpEL compiles after a hundred runs; the
 * third starts with the {@code int}, so that Beryl leaves it to SpEL, which interprets it.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar ExpressionBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExpressionBenchmark {

    /** The renderer the starter makes per application context. */
    private static final KeyRenderer KEYS = KeyRenderer.withMemo();

    private static final String NAMESPACE = "beryl:search";

    @Param({ "#query.text() + ':' + #query.page()", "#query.text() + ':' + #query.sort()",
            "#query.page() + ':' + #query.text()" })
    public String expression;

    @Param({ "beryl", "spel", "spelPlainResolver" })
    public String way;

    private MethodInvocation invocation;

    private CacheExpression parsed;

    private Expression spel;

    private EvaluationContext shared;

    private MethodArguments arguments;

    @Setup
    public void setUp() throws NoSuchMethodException {
        Method method = Service.class.getMethod("search", Query.class);
        this.invocation = new Invocation(method, new Object[] { new Query("trail shoes", "price", 2) });
        CachedExpressions expressions = new CachedExpressions(null, getClass().getClassLoader());
        this.arguments = expressions.arguments(method);
        this.parsed = expressions.parse("ExpressionBenchmark", "key", this.expression, this.arguments, false);
        this.spel = new SpelExpressionParser(new SpelParserConfiguration(SpelCompilerMode.MIXED,
                getClass().getClassLoader())).parseExpression(this.expression);
        this.shared = expressions.shared();
        if (this.way.equals("spelPlainResolver")) {
            StandardEvaluationContext plain = new StandardEvaluationContext();
            plain.setMethodResolvers(List.of(new ReflectiveMethodResolver()));
            plain.getPropertyAccessors();
            plain.getTypeConverter();
            this.shared = plain;
        }
    }

    @Benchmark
    public String key() {
        if (this.way.equals("beryl")) {
            return this.parsed.key(KEYS, NAMESPACE, this.invocation, Service.class);
        }
        Call call = new Call(this.invocation, Service.class, this.arguments, this.shared);
        return KEYS.keyOfValue(NAMESPACE, call.evaluate(this.spel));
    }

    /** A search, as the benchmarks' {@code Shapes.Query}, with a second string. */
    public record Query(String text, String sort, int page) {
    }

    public static class Service {

        public String search(Query query) {
            return query.text();
        }
    }

    private static final class Invocation implements MethodInvocation {

        private final Method method;

        private final Object[] args;

        private final Service target = new Service();

        Invocation(Method method, Object[] args) {
            this.method = method;
            this.args = args;
        }

        @Override
        public Method getMethod() {
            return this.method;
        }

        @Override
        public Object[] getArguments() {
            return this.args;
        }

        @Override
        public Object proceed() {
            return this.target.search((Query) this.args[0]);
        }

        @Override
        public Object getThis() {
            return this.target;
        }

        @Override
        public AccessibleObject getStaticPart() {
            return this.method;
        }
    }
}
