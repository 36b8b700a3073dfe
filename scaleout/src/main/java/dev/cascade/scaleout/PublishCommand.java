package dev.cascade.scaleout;

import dev.cascade.core.record.RecordedFrame;
import dev.cascade.replay.RecordedFeedReader;
import dev.cascade.scaleout.bus.BusTopics;
import dev.cascade.scaleout.bus.BusUrl;
import dev.cascade.scaleout.bus.KafkaFrameSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Collector path: replay recorded-feed files (.jsonl/.jsonl.gz) onto the bus as raw frames.",
                "Keyed by feed+symbol, idempotent producer. Consumers normalize and store them (`consume`)."})
final class PublishCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(PublishCommand.class);

    @Option(names = "--bus", required = true, paramLabel = "URL", description = "kafka://host:port[/topic] (topic default "
            + BusUrl.DEFAULT_TOPIC + ").")
    String bus;

    @Option(names = "--partitions", defaultValue = "12", paramLabel = "N",
            description = "Partitions if the topic must be created (default ${DEFAULT-VALUE}; 0 = broker default).")
    int partitions;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Recorded-feed files.")
    List<Path> files;

    @Override
    public Integer call() throws IOException {
        BusUrl url = BusUrl.parse(bus);
        BusTopics.ensure(url, partitions);
        long start = System.nanoTime();
        long[] bad = {0};
        long[] lastReport = {start};
        boolean allComplete = true;
        try (KafkaFrameSink sink = new KafkaFrameSink(url)) {
            for (Path f : files) {
                try (RecordedFeedReader r = new RecordedFeedReader(f)) {
                    boolean complete = r.readAll(new RecordedFeedReader.Handler() {
                        @Override
                        public void frame(RecordedFrame frame) {
                            sink.accept(frame);
                            long now = System.nanoTime();
                            if (now - lastReport[0] > 5_000_000_000L) {
                                lastReport[0] = now;
                                System.err.printf(Locale.ROOT, "publish: %d frames sent, %d acknowledged, %s %.0f%%%n", sink.sent(),
                                        sink.acked(), f.getFileName(), 100.0 * r.bytesRead() / Math.max(1, r.sizeBytes()));
                            }
                        }

                        @Override
                        public void badLine(long lineNumber, String reason) {
                            if (bad[0]++ < 20) {
                                LOG.warn("{}:{}: bad recorded line: {}", f, lineNumber, reason);
                            }
                        }
                    });
                    if (!complete) {
                        allComplete = false;
                        LOG.warn("{}: {}; every complete line before it was published", f, r.truncation());
                    }
                }
            }
            sink.flush();
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "Published %d frames to %s on %s in %.2fs (%.0f frames/s); %d bad line(s) skipped%n",
                    sink.acked(), url.topic(), url.bootstrapServers(), secs, sink.acked() / Math.max(secs, 1e-9), bad[0]);
        }
        return bad[0] > 0 || !allComplete ? ScaleoutCli.EXIT_INPUT_REJECTED : 0;
    }
}
