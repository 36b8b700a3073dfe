package dev.cascade.scaleout;

import dev.cascade.scaleout.bus.LocalKafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run a single-node Kafka broker (Apache Kafka server, KRaft mode) on 127.0.0.1 for trying distributed mode",
                "on one machine. Production uses a real Kafka cluster: just point --bus at it."})
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "9092", paramLabel = "PORT", description = "Listener port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--dir", defaultValue = "cascade-kafka", paramLabel = "DIR", description = "Log directory (default ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() {
        LocalKafkaBroker b = LocalKafkaBroker.start(port, dir);
        Runtime.getRuntime().addShutdownHook(new Thread(b::close, "broker-shutdown"));
        System.out.println("Kafka broker ready: --bus kafka://" + b.bootstrapServers() + " (data in " + b.dataDir() + "; Ctrl-C stops)");
        b.awaitShutdown();
        return 0;
    }
}
