package dev.beryl.cache.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations that {@code @Cached(ttl = ...)} accepts: {@code "500ms"}, {@code "60s"}, {@code "5m"},
 * {@code "2h"}, {@code "1d"} (also {@code ns} and {@code us}), ISO-8601 such as {@code "PT1M"}, and a bare number,
 * which means seconds.
 */
public final class Durations {

    /** What to tell a user whose duration did not parse. */
    public static final String EXAMPLES = "use e.g. 60s, 5m, 500ms or PT1M";

    private static final Pattern SIMPLE = Pattern.compile("^([+-]?\\d+)(ns|us|ms|s|m|h|d)?$");

    private Durations() {
    }

    /**
     * Parses {@code text}.
     * @throws IllegalArgumentException naming the text when it is not a duration
     */
    public static Duration parse(String text) {
        String trimmed = text.trim();
        Matcher simple = SIMPLE.matcher(trimmed.toLowerCase(Locale.ROOT));
        try {
            if (simple.matches()) {
                long amount = Long.parseLong(simple.group(1));
                return Duration.of(amount, unit(simple.group(2)));
            }
            if (trimmed.length() > 1 && (trimmed.charAt(0) == 'P' || trimmed.charAt(0) == 'p'
                    || trimmed.startsWith("-P") || trimmed.startsWith("-p"))) {
                return Duration.parse(trimmed);
            }
        }
        catch (DateTimeParseException | ArithmeticException | NumberFormatException ex) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration (" + EXAMPLES + ")");
    }

    private static ChronoUnit unit(String suffix) {
        if (suffix == null) {
            return ChronoUnit.SECONDS;
        }
        return switch (suffix) {
            case "ns" -> ChronoUnit.NANOS;
            case "us" -> ChronoUnit.MICROS;
            case "ms" -> ChronoUnit.MILLIS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            default -> ChronoUnit.DAYS;
        };
    }
}
