package dev.beryl.cache.benchmarks;

import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.cache.interceptor.SimpleKeyGenerator;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;

import dev.beryl.cache.benchmarks.Shapes.Query;
import dev.beryl.cache.key.KeyParts;

/**
 * Group 3, key building alone: Beryl's default key ({@code KeyParts.ofArguments}, which renders readable text or a
 * digest) against Spring's {@code SimpleKeyGenerator} (which wraps the arguments in an object) and a SpEL key
 * evaluated the way both Spring and Beryl evaluate one, for the same argument shapes.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar KeyBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class KeyBenchmark {

    @Param({ "oneArg", "threeArgs", "dto" })
    public String shape;

    private Object[] args;

    private Method method;

    private Expression spel;

    private final ParameterNameDiscoverer names = new DefaultParameterNameDiscoverer();

    @Setup
    public void setUp() throws NoSuchMethodException {
        Query query = new Query("trail shoes", 2);
        switch (this.shape) {
            case "oneArg" -> {
                this.args = new Object[] { 42L };
                this.method = Services.Plain.class.getMethod("one", long.class);
                this.spel = parse("#id");
            }
            case "threeArgs" -> {
                this.args = new Object[] { 42L, "eu", 3 };
                this.method = Services.Plain.class.getMethod("three", long.class, String.class, int.class);
                this.spel = parse("#id + ':' + #region + ':' + #version");
            }
            default -> {
                this.args = new Object[] { query };
                this.method = Services.Plain.class.getMethod("dto", Query.class);
                this.spel = parse("#query.text() + ':' + #query.page()");
            }
        }
    }

    @Benchmark
    public String berylDefault() {
        return KeyParts.ofArguments(this.args);
    }

    @Benchmark
    public Object springSimpleKey() {
        return SimpleKeyGenerator.generateKey(this.args);
    }

    @Benchmark
    public Object spelKey() {
        return this.spel.getValue(new MethodBasedEvaluationContext(null, this.method, this.args, this.names));
    }

    private static Expression parse(String text) {
        return new SpelExpressionParser(new SpelParserConfiguration(SpelCompilerMode.MIXED,
                KeyBenchmark.class.getClassLoader())).parseExpression(text);
    }
}
