package dev.cascade.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BindPolicyTest {
    @Test
    void loopbackIsAllowedWithoutAsking() {
        for (String h : new String[]{"127.0.0.1", "127.8.9.10", "localhost", "::1", "[::1]"}) {
            assertThatCode(() -> BindPolicy.check(h, false)).as(h).doesNotThrowAnyException();
        }
    }

    @Test
    void anythingElseNeedsAllowRemote() {
        for (String h : new String[]{"0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.org", "127.0.0.1.nip.io"}) {
            assertThatThrownBy(() -> BindPolicy.check(h, false)).as(h)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--allow-remote");
            assertThatCode(() -> BindPolicy.check(h, true)).as(h).doesNotThrowAnyException();
        }
    }

    @Test
    void tokensAreCheckedExactly() {
        TokenAuth auth = new TokenAuth("0123456789abcdef0123");
        org.assertj.core.api.Assertions.assertThat(auth.allows("Bearer 0123456789abcdef0123")).isTrue();
        org.assertj.core.api.Assertions.assertThat(auth.allows("bearer 0123456789abcdef0123")).isTrue();
        org.assertj.core.api.Assertions.assertThat(auth.allows("Bearer 0123456789abcdef012")).isFalse();
        org.assertj.core.api.Assertions.assertThat(auth.allows("0123456789abcdef0123")).isFalse();
        org.assertj.core.api.Assertions.assertThat(auth.allows(null)).isFalse();
        assertThatThrownBy(() -> new TokenAuth("short")).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThat(TokenAuth.generate()).hasSize(32).isNotEqualTo(TokenAuth.generate());
    }
}
