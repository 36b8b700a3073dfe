package dev.cascade.core.normalize;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MalformedFrameExceptionTest {
    @Test
    void aReasonNamesItsCauseWhenTheCauseSaysSomething() {
        assertThat(new MalformedFrameException("bad number in 'z'", new NumberFormatException("not a decimal number: 'x'")).reasons())
                .containsExactly("bad number in 'z': not a decimal number: 'x'");
        assertThat(new MalformedFrameException("bad number in 'z'", new ArithmeticException()).reasons())
                .containsExactly("bad number in 'z'");
        MalformedFrameException elements = new MalformedFrameException(List.of("a", "b"));
        assertThat(elements.reasons()).containsExactly("a", "b");
        assertThat(elements.getMessage()).isEqualTo("2 element(s) rejected: a");
    }
}
