package dev.cascade.core.record;

import dev.cascade.core.normalize.MalformedFrameException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordedFrameCodecTest {
    @Test
    void roundTripsFramesWithQuotesNewlinesAndUnicode() throws Exception {
        RecordedFrame f = new RecordedFrame(1760130900123L, "okx", "{\"a\":\"x\\\"y\"}\n\u00e9\u2603 pong");
        String line = RecordedFrameCodec.encode(f);
        assertThat(line).doesNotContain("\n");
        assertThat(RecordedFrameCodec.decode(line)).isEqualTo(f);
    }

    @Test
    void rejectsIncompleteLines() {
        assertThatThrownBy(() -> RecordedFrameCodec.decode("{\"t\":1,\"src\":\"okx\"}")).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("t, src and frame");
        assertThatThrownBy(() -> RecordedFrameCodec.decode("{\"t\":1,\"src\":\"okx\",\"frame\":\"ab")).isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> RecordedFrameCodec.decode("[]")).isInstanceOf(MalformedFrameException.class);
    }
}
