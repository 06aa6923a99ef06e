package dev.beryl.cache.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import dev.beryl.cache.benchmarks.Shapes.Product;
import dev.beryl.cache.redis.JsonValueCodec;
import dev.beryl.cache.spring.internal.ResponseEntityJacksonModule;

/**
 * Group 5, value encoding: one encode and one decode per operation with Beryl's codec (JSON, read with the declared
 * type), Spring Data Redis's {@code GenericJacksonJsonRedisSerializer} as caches need it (with default typing, so
 * that values come back as their classes, and Spring's null value), and JDK
 * serialization (JetCache's default for remote caches), for a small record, a list of 100 records and a
 * {@code ResponseEntity}. JDK serialization cannot write a {@code ResponseEntity}: that case throws, and the
 * report says so. {@link PayloadSizes} writes the encoded sizes.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar CodecBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {

    @Param({ "beryl", "springDataJson", "jdk" })
    public String codec;

    @Param({ "dto", "list100", "responseEntity" })
    public String value;

    private Codec impl;

    private Object sample;

    @Setup
    public void setUp() {
        this.sample = sample(this.value);
        this.impl = codec(this.codec, type(this.value));
        this.impl.decode(this.impl.encode(this.sample));
    }

    @Benchmark
    public Object roundTrip() {
        return this.impl.decode(this.impl.encode(this.sample));
    }

    static Object sample(String value) {
        return switch (value) {
            case "dto" -> Services.VALUE;
            case "list100" -> Shapes.products(100);
            default -> ResponseEntity.status(HttpStatus.OK).header("Cache-Control", "max-age=60")
                    .body(Services.VALUE);
        };
    }

    static Type type(String value) {
        try {
            return Declared.class.getMethod(value).getGenericReturnType();
        }
        catch (NoSuchMethodException ex) {
            throw new IllegalArgumentException(ex);
        }
    }

    static Codec codec(String name, Type type) {
        return switch (name) {
            case "beryl" -> {
                JsonValueCodec beryl = new JsonValueCodec(JsonValueCodec.defaultMapperBuilder()
                        .addModule(new ResponseEntityJacksonModule()).build());
                yield new Codec() {

                    @Override
                    public byte[] encode(Object value) {
                        return beryl.encode(value);
                    }

                    @Override
                    public Object decode(byte[] bytes) {
                        return beryl.decode(bytes, type);
                    }
                };
            }
            case "springDataJson" -> {
                GenericJacksonJsonRedisSerializer spring = GenericJacksonJsonRedisSerializer.builder()
                        .enableUnsafeDefaultTyping().enableSpringCacheNullValueSupport().build();
                yield new Codec() {

                    @Override
                    public byte[] encode(Object value) {
                        return spring.serialize(value);
                    }

                    @Override
                    public Object decode(byte[] bytes) {
                        return spring.deserialize(bytes);
                    }
                };
            }
            default -> new Codec() {

                @Override
                public byte[] encode(Object value) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                        out.writeObject(value);
                    }
                    catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                    return bytes.toByteArray();
                }

                @Override
                public Object decode(byte[] bytes) {
                    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
                        return in.readObject();
                    }
                    catch (IOException ex) {
                        throw new UncheckedIOException(ex);
                    }
                    catch (ClassNotFoundException ex) {
                        throw new IllegalStateException(ex);
                    }
                }
            };
        };
    }

    interface Codec {

        byte[] encode(Object value);

        Object decode(byte[] bytes);
    }

    /** The declared types the values are read back as. */
    interface Declared {

        Product dto();

        List<Product> list100();

        ResponseEntity<Product> responseEntity();
    }

}
