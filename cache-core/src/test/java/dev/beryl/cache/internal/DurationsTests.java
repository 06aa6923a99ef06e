package dev.beryl.cache.internal;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DurationsTests {

    @ParameterizedTest
    @CsvSource({
            "60s, PT60S", "5m, PT5M", "500ms, PT0.5S", "2h, PT2H", "1d, PT24H", "250us, PT0.00025S",
            "10ns, PT0.00000001S", "PT1M, PT1M", "pt90s, PT1M30S", "45, PT45S", "' 30s ', PT30S", "10S, PT10S",
            "-5s, PT-5S" })
    void parse_acceptsEveryDocumentedForm(String text, Duration expected) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "soon", "", "5 minutes", "1.5s", "5mm", "P", "s", "99999999999999999999s" })
    void parse_rejectsOtherText_namingIt(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse(text))
                .withMessage("'" + text + "' is not a duration (use e.g. 60s, 5m, 500ms or PT1M)");
    }
}
