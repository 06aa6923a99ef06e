package dev.beryl.cache.benchmarks.faults;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /fault?mode=normal|slow|hang&delay=1s} switches the faulty backend; {@code GET /fault} shows it. */
@RestController
class FaultEndpoint {

    private final FaultyCacheBackend backend;

    FaultEndpoint(FaultyCacheBackend backend) {
        this.backend = backend;
    }

    @PostMapping("/fault")
    Map<String, String> fault(@RequestParam String mode, @RequestParam(defaultValue = "1s") String delay) {
        this.backend.fault(FaultyCacheBackend.Mode.valueOf(mode.toUpperCase(Locale.ROOT)),
                DurationStyle.detectAndParse(delay));
        return current();
    }

    @GetMapping("/fault")
    Map<String, String> current() {
        return Map.of("mode", this.backend.mode().name().toLowerCase(Locale.ROOT),
                "delay", this.backend.delay().toMillis() + "ms");
    }
}
