package dev.cascade.wire;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads wire values back in tests: a fixed-point figure must arrive as a decimal string. */
public final class WireAssert {
    private WireAssert() {
    }

    /** The decimal string {@code node} as fixed point of {@code scale} decimals; fails if it is a JSON number. */
    public static long fixed(JsonNode node, int scale) {
        assertThat(node).as("a wire value").isNotNull();
        assertThat(node.isTextual()).as("money travels as a decimal string, got %s", node).isTrue();
        return new BigDecimal(node.asText()).movePointRight(scale).longValueExact();
    }
}
