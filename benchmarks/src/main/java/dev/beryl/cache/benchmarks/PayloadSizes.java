package dev.beryl.cache.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the encoded size of each value with each codec of {@link CodecBenchmark}, as JSON, for the report:
 * {@code java -cp benchmarks.jar dev.beryl.cache.benchmarks.PayloadSizes target/sizes.json}.
 */
public final class PayloadSizes {

    private PayloadSizes() {
    }

    public static void main(String[] args) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String codec : List.of("beryl", "springDataJson", "jdk")) {
            for (String value : List.of("dto", "list100", "responseEntity")) {
                String size;
                try {
                    size = Integer.toString(CodecBenchmark.codec(codec, CodecBenchmark.type(value))
                            .encode(CodecBenchmark.sample(value)).length);
                }
                catch (RuntimeException ex) {
                    size = "null";
                }
                rows.add("{\"codec\":\"" + codec + "\",\"value\":\"" + value + "\",\"bytes\":" + size + "}");
            }
        }
        Files.writeString(Path.of(args[0]), "[" + String.join(",", rows) + "]");
    }
}
