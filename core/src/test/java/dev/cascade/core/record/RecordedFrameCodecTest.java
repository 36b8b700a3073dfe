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

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"t\":1,\"src\":\"okx\",\"frame\":\"{}\"}{\"t\":2,\"src\":\"okx\",\"frame\":\"{}\"} | more than one record",
            "{\"t\":1,\"src\":\"okx\",\"frame\":\"{}\"} trailing | data after the record",
            "{\"t\":1,\"src\":\"okx\",\"frame\":\"{}\"}[1] | data after the record",
            "{\"t\":true,\"src\":\"okx\",\"frame\":\"{}\"} | 't' is not an integer",
            "{\"t\":\"1\",\"src\":\"okx\",\"frame\":\"{}\"} | 't' is not an integer",
            "{\"t\":1.5,\"src\":\"okx\",\"frame\":\"{}\"} | 't' is not an integer",
            "{\"t\":99999999999999999999,\"src\":\"okx\",\"frame\":\"{}\"} | 't' is not an integer",
            "{\"t\":-5,\"src\":\"okx\",\"frame\":\"{}\"} | negative",
            "{\"t\":1,\"t\":2,\"src\":\"okx\",\"frame\":\"{}\"} | repeats key 't'",
            "{\"t\":1,\"src\":\"okx\",\"src\":\"bitmex\",\"frame\":\"{}\"} | repeats key 'src'",
            "{\"t\":1,\"src\":7,\"frame\":\"{}\"} | 'src' is not a string",
            "{\"t\":1,\"src\":\"okx\",\"frame\":{\"a\":1}} | 'frame' is not a string"})
    void rejectsAnythingButExactlyOneWellTypedRecord(String line, String reason) {
        assertThatThrownBy(() -> RecordedFrameCodec.decode(line)).isInstanceOf(MalformedFrameException.class).hasMessageContaining(reason);
    }

    @Test
    void trailingWhitespaceIsNotData() throws Exception {
        assertThat(RecordedFrameCodec.decode("{\"t\":0,\"src\":\"okx\",\"frame\":\"x\"}  \t")).isEqualTo(new RecordedFrame(0, "okx", "x"));
    }

    @Test
    void sniffsTheFeedOfALineThatCannotBeDecoded() {
        assertThat(RecordedFrameCodec.sniffSource("{\"t\":true,\"src\":\"bybit-linear\",\"frame\":\"")).isEqualTo("bybit-linear");
        assertThat(RecordedFrameCodec.sniffSource("{\"t\":1,\"src\":\"BAD FEED\"}")).isNull();
        assertThat(RecordedFrameCodec.sniffSource("garbage")).isNull();
        assertThat(RecordedFrameCodec.sniffSource("{\"src\":\"")).isNull();
    }
}
