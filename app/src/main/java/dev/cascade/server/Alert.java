package dev.cascade.server;

import dev.cascade.core.alert.AlertRule;
/** A rule that fired: {@code ts} is the market time of the event that tripped it. */
public record Alert(String ruleId, AlertRule.Kind kind, long ts, String message, long valueUsdE6, long firedAtWallMs) {
}
