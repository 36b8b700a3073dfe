package dev.cascade.scaleout.bus;

import dev.cascade.core.normalize.MalformedFrameException;
import dev.cascade.core.record.RecordedFrame;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Envelope round trips and rejects; partition keys per feed; bus URLs. */
class FrameCodingTest {
    @Test
    void envelopeRoundTripsAnyFrameText() throws Exception {
        long seed = Long.getLong("prop.seed", System.nanoTime());
        System.out.println("FrameCodingTest seed=" + seed + " (replay with -Dprop.seed=" + seed + ")");
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < 500; i++) {
            StringBuilder text = new StringBuilder();
            int len = r.nextInt(300);
            for (int j = 0; j < len; j++) {
                text.appendCodePoint(r.nextInt(4) == 0 ? 0x20 + r.nextInt(0x2FFF) : 0x20 + r.nextInt(95));
            }
            RecordedFrame f = new RecordedFrame(r.nextLong(0, Long.MAX_VALUE), "feed-" + r.nextInt(100), text.toString());
            assertThat(FrameEnvelope.decode(FrameEnvelope.encode(f))).isEqualTo(f);
        }
    }

    @Test
    void envelopeRejectsWhatItCannotRead() {
        byte[] ok = FrameEnvelope.encode(new RecordedFrame(5, "okx", "{}"));
        byte[] otherVersion = ok.clone();
        otherVersion[1] = 2;
        byte[] notOurs = "{\"t\":1,\"src\":\"okx\"}".getBytes(StandardCharsets.UTF_8);
        byte[] cut = Arrays.copyOf(ok, 12);
        cut[10] = 40; // claims a 40-byte feed id
        assertThatThrownBy(() -> FrameEnvelope.decode(otherVersion)).isInstanceOf(MalformedFrameException.class).hasMessageContaining("version 2");
        assertThatThrownBy(() -> FrameEnvelope.decode(notOurs)).isInstanceOf(MalformedFrameException.class).hasMessageContaining("magic");
        assertThatThrownBy(() -> FrameEnvelope.decode(cut)).isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> FrameEnvelope.decode(new byte[3])).isInstanceOf(MalformedFrameException.class);
    }

    @Test
    void keysNameTheSingleInstrumentOrFallBackToTheFeed() {
        assertThat(PartitionKeys.of(new RecordedFrame(1, "binance-usdm",
                "{\"e\":\"forceOrder\",\"E\":1,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\"}}"))).isEqualTo("binance-usdm|BTCUSDT");
        assertThat(PartitionKeys.of(new RecordedFrame(1, "binance-usdm",
                "[{\"e\":\"markPriceUpdate\",\"s\":\"BTCUSDT\"},{\"e\":\"markPriceUpdate\",\"s\":\"ETHUSDT\"}]"))).isEqualTo("binance-usdm");
        assertThat(PartitionKeys.of(new RecordedFrame(1, "bybit-linear",
                "{\"topic\":\"tickers.ETHUSDT\",\"type\":\"delta\",\"data\":{\"symbol\":\"ETHUSDT\",\"markPrice\":\"1\"}}")))
                .isEqualTo("bybit-linear|ETHUSDT");
        assertThat(PartitionKeys.of(new RecordedFrame(1, "okx",
                "{\"arg\":{\"channel\":\"liquidation-orders\",\"instType\":\"SWAP\"},\"data\":[{\"instId\":\"BTC-USDT-SWAP\"},{\"instId\":\"ETH-USDT-SWAP\"}]}")))
                .isEqualTo("okx");
        assertThat(PartitionKeys.of(new RecordedFrame(1, "deribit",
                "{\"params\":{\"channel\":\"trades.BTC-PERPETUAL.raw\",\"data\":[{\"instrument_name\":\"BTC-PERPETUAL\"}]}}")))
                .isEqualTo("deribit|BTC-PERPETUAL");
        assertThat(PartitionKeys.of(new RecordedFrame(1, "coinglass", "{\"endpoint\":\"liquidation\",\"symbol\":\"BTC\"}")))
                .isEqualTo("coinglass|BTC");
        assertThat(PartitionKeys.of(new RecordedFrame(1, "binance-usdm", "not json {"))).isEqualTo("binance-usdm");
    }

    @Test
    void busUrls() {
        assertThat(BusUrl.parse("kafka://127.0.0.1:9092")).isEqualTo(new BusUrl("127.0.0.1:9092", BusUrl.DEFAULT_TOPIC));
        assertThat(BusUrl.parse("kafka://a:1,b:2/my.topic")).isEqualTo(new BusUrl("a:1,b:2", "my.topic"));
        assertThatThrownBy(() -> BusUrl.parse("kafka://127.0.0.1")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> BusUrl.parse("kafka://h:1/bad topic")).hasMessageContaining("bad topic name");
        assertThatThrownBy(() -> BusUrl.parse("127.0.0.1:9092")).hasMessageContaining("kafka://");
    }

    @Test
    void aBusUrlPassesAKafkaClientConfigFileThroughButNotTheSettingsDeliveryDependsOn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path sasl = dir.resolve("client.properties");
        java.nio.file.Files.writeString(sasl, "security.protocol=SASL_SSL\nsasl.mechanism=PLAIN\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";\n");
        BusUrl bus = BusUrl.parse("kafka://broker-1:9093,broker-2:9093/frames?config=" + sasl);
        assertThat(bus.topic()).isEqualTo("frames");
        assertThat(bus.baseProperties()).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("bootstrap.servers", "broker-1:9093,broker-2:9093");
        // The clients really start from the file: a protocol Kafka does not know fails the producer's construction.
        java.nio.file.Path bogus = dir.resolve("bogus.properties");
        java.nio.file.Files.writeString(bogus, "security.protocol=CARRIER_PIGEON\n");
        assertThatThrownBy(() -> new KafkaFrameSink(BusUrl.parse("kafka://127.0.0.1:1?config=" + bogus)).close())
                .hasStackTraceContaining("CARRIER_PIGEON");

        java.nio.file.Path unsafe = dir.resolve("unsafe.properties");
        java.nio.file.Files.writeString(unsafe, "enable.auto.commit=true\n");
        assertThatThrownBy(() -> BusUrl.parse("kafka://h:1?config=" + unsafe)).hasMessageContaining("sets enable.auto.commit");
        assertThatThrownBy(() -> BusUrl.parse("kafka://h:1?config=" + dir.resolve("missing"))).hasMessageContaining("cannot read");
        assertThatThrownBy(() -> BusUrl.parse("kafka://h:1?sasl=1")).hasMessageContaining("unknown bus URL option");
    }
}
