package dev.cascade.core.time;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeTextTest {
    @Test
    void parsesTheDocumentedForms() {
        assertThat(TimeText.durationMs("--since", "90m")).isEqualTo(90 * 60_000L);
        assertThat(TimeText.durationMs("window", " 2W ")).isEqualTo(14 * 86_400_000L);
        assertThat(TimeText.instant("from", "2025-10-10")).isEqualTo(Instant.parse("2025-10-10T00:00:00Z").toEpochMilli());
        assertThat(TimeText.instant("from", "2025-10-10T21:15")).isEqualTo(Instant.parse("2025-10-10T21:15:00Z").toEpochMilli());
        assertThat(TimeText.instant("from", "2025-10-10T23:15:00+02:00")).isEqualTo(Instant.parse("2025-10-10T21:15:00Z").toEpochMilli());
        assertThat(TimeText.instant("from", "1760130900000")).isEqualTo(1_760_130_900_000L);
        assertThat(TimeText.durationMs("window", "36500d")).isEqualTo(TimeText.MAX_DURATION_MS);
        assertThat(TimeText.instant("to", "9999-12-31T23:59:59.999Z")).isEqualTo(TimeText.MAX_INSTANT_MS);
    }

    @Test
    void refusesValuesThatWouldOverflowWithAMessageNamingTheFlag() {
        // The probes that used to overflow into OutOfMemoryError or a 500.
        for (String huge : new String[]{"9999999999999999d", "999999999999w", "36501d", "0h", "-5m", "99999999999999999999s"}) {
            assertThatThrownBy(() -> TimeText.durationMs("window", huge)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("window: ");
        }
        for (String far : new String[]{"+100000000-01-01T00:00:00Z", "-100000000-01-01T00:00:00Z", "+999999999-12-31T23:59",
                "-999999999-01-01T00:00", "+1000000000-01-01T00:00:00Z", "10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
                "9999999999999999", "2025-13-01", "2025-10-10T25:00", "", "2025-10-10T21:15:00+25:00"}) {
            assertThatThrownBy(() -> TimeText.instant("from", far)).as(far).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("from: ");
        }
        assertThatThrownBy(() -> TimeText.startOf("window", 1_000L, 86_400_000L)).hasMessageContaining("before 1970");
    }

    @Test
    void longInputIsNotEchoedInFull() {
        String big = "1".repeat(100_000) + "d";
        assertThatThrownBy(() -> TimeText.durationMs("window", big)).hasMessageContaining("...")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(200));
    }

    /** Seeded fuzz: any text either parses into the documented bounds or is refused with IllegalArgumentException. */
    @Test
    void anyTextParsesInsideTheBoundsOrIsRefused() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("TimeTextTest seed " + seed + " (rerun with -Dfuzz.seed=" + seed + ")");
        Random rnd = new Random(seed);
        String[] pieces = {"-", "+", ":", "T", "Z", "z", " ", ".", "d", "h", "m", "s", "w", "9", "0", "1", "99999", "2025",
                "-10-10", "999999999", "+100000000", "e", "\u0660", "\n", "%", "--", "T23:59:59.999999999"};
        for (int i = 0; i < 50_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = 1 + rnd.nextInt(8);
            for (int k = 0; k < n; k++) {
                b.append(rnd.nextInt(4) == 0 ? String.valueOf(rnd.nextLong()) : pieces[rnd.nextInt(pieces.length)]);
            }
            String text = b.toString();
            try {
                long d = TimeText.durationMs("window", text);
                assertThat(d).as(text).isBetween(1L, TimeText.MAX_DURATION_MS);
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).as(text).startsWith("window: ");
            }
            try {
                long t = TimeText.instant("from", text);
                assertThat(t).as(text).isBetween(TimeText.MIN_INSTANT_MS, TimeText.MAX_INSTANT_MS);
            } catch (IllegalArgumentException e) {
                assertThat(e.getMessage()).as(text).startsWith("from: ");
            }
        }
    }
}
