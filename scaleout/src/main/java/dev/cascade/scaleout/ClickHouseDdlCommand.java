package dev.cascade.scaleout;

import dev.cascade.scaleout.clickhouse.ClickHouseSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "clickhouse-ddl", mixinStandardHelpOptions = true,
        description = {"Print the ClickHouse DDL of the store. Without --cluster: the single-node tables the consumer creates by itself.",
                "With --cluster: ON CLUSTER DDL with a ReplicatedReplacingMergeTree <table>_local per node and a Distributed <table>",
                "over them (sharded by event id); run it once (clickhouse-client --multiquery < file) before starting consumers."})
final class ClickHouseDdlCommand implements Callable<Integer> {
    @Option(names = "--cluster", paramLabel = "NAME", description = "Cluster name from the servers' remote_servers.")
    String cluster;

    @Option(names = "--database", defaultValue = "cascade", paramLabel = "DB", description = "Database (default ${DEFAULT-VALUE}).")
    String database;

    @Override
    public Integer call() {
        List<String> ddl;
        try {
            ddl = cluster == null ? ClickHouseSchema.singleNodeDdl(database) : ClickHouseSchema.clusterDdl(cluster, database);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), e.getMessage());
        }
        ddl.forEach(s -> System.out.println(s + ";"));
        return 0;
    }
}
