package dev.beryl.cache.examples.reactive;

import java.math.BigDecimal;

/** A price quote for one instrument. */
public record Quote(long id, String symbol, BigDecimal price) {
}
