package dev.cascade.scaleout.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.command.CommandSettings;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.data.ClickHouseFormat;
import dev.cascade.core.model.EventKeys;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.port.DurableSink;
import dev.cascade.store.EventRows;
import dev.cascade.store.Schema;
import dev.cascade.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The distributed store's write side: ClickHouse over its HTTP interface with client-v2. Rows are buffered as
 * RowBinary per table and month (columns from {@link EventRows}, the embedded store's own column writer); {@link #flush()}
 * sends one INSERT naming its columns per table and group of at most {@value #MAX_PARTITIONS_PER_INSERT} months, since
 * ClickHouse refuses an insert block touching more than 100 partitions. At start the store creates missing tables and
 * checks that existing ones have the columns, types and partitioning it writes, and stops with a clear error if not.
 *
 * <p>A write that fails for a transient reason (host unreachable, timeout, a server error ClickHouse marks retryable)
 * is retried with exponential backoff, moving to the next host of the URL, for up to the URL's {@code retry_for}
 * seconds; then (or at once for a permanent error) it throws with the rows still buffered, so the consumer never
 * commits offsets past data that is not stored. The reads run elsewhere ({@link ClickHouseReads}).
 */
public final class ClickHouseStore implements DurableSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseStore.class);
    /** Months (partitions) per INSERT: half of ClickHouse's default max_partitions_per_insert_block. */
    static final int MAX_PARTITIONS_PER_INSERT = 50;
    private static final long CALL_TIMEOUT_S = 120;
    private static final long FIRST_BACKOFF_MS = 250;
    private static final long MAX_BACKOFF_MS = 10_000;
    /** Server error codes that a later attempt can get past (overload, network, read-only replica, unknown insert status). */
    private static final Set<Integer> TRANSIENT_CODES = Set.of(159, 164, 202, 203, 209, 210, 241, 242, 319, 425, 999);

    private final ClickHouseUrl url;
    private final List<Client> clients = new ArrayList<>();
    private final long retryForMs;
    private final Map<Schema.Table, TreeMap<Integer, Batch>> batches = new LinkedHashMap<>();
    private final RowBinaryRow row = new RowBinaryRow();
    private int host;
    private long accepted;
    private long written;
    private long inserts;
    private volatile long retries;

    /** Rows of one table and month waiting for the next flush. */
    private static final class Batch {
        final ByteArrayOutputStream rows = new ByteArrayOutputStream(1 << 12);
        long count;
        long idHash = 17;
    }

    private ClickHouseStore(ClickHouseUrl url, long retryForMs) {
        this.url = url;
        this.retryForMs = retryForMs;
    }

    /** Connects, creates the database and missing tables, and checks existing tables against the schema. */
    public static ClickHouseStore open(ClickHouseUrl url) {
        return open(url, url.retryForSeconds() * 1000);
    }

    static ClickHouseStore open(ClickHouseUrl url, long retryForMs) {
        ClickHouseStore s = new ClickHouseStore(url, retryForMs);
        String password = url.password();
        for (int i = 0; i < url.hosts().size(); i++) {
            s.clients.add(new Client.Builder()
                    .addEndpoint(url.endpoint(i))
                    .setUsername(url.user())
                    .setPassword(password)
                    .setDefaultDatabase(url.database())
                    // This store retries with backoff itself; the client's own quick retries would hide an outage's start.
                    .setMaxRetries(0)
                    .compressServerResponse(false)
                    .compressClientRequest(false)
                    .setClientName("cascade")
                    .build());
        }
        try {
            CommandSettings inDefault = new CommandSettings();
            inDefault.setDatabase("default");
            release(s.retrying("create database", c -> c.execute("CREATE DATABASE IF NOT EXISTS " + url.database(), inDefault)));
            Map<String, TableInfo> existing = s.tables();
            for (Schema.Table t : Schema.ALL) {
                TableInfo info = existing.get(t.name());
                if (info == null) {
                    String ddl = ClickHouseSchema.createTable(t);
                    release(s.retrying("create table " + t.name(), c -> c.execute(ddl)));
                } else {
                    check(url, t, info);
                }
            }
        } catch (RuntimeException e) {
            s.closeClients();
            throw e instanceof StoreException se ? se : new StoreException("cannot prepare the ClickHouse schema at " + url + ": "
                    + e.getMessage(), e);
        }
        return s;
    }

    /** An existing table's columns (name -> type, in order) and partition key, as the server reports them. */
    record TableInfo(Map<String, String> columns, String partitionKey) {
    }

    private Map<String, TableInfo> tables() {
        Map<String, Object> p = Map.of("db", url.database());
        List<GenericRecord> cols = retrying("read the schema", c -> CompletableFuture.completedFuture(c.queryAll(
                "SELECT table, name, type FROM system.columns WHERE database = {db:String} ORDER BY table, position", p)));
        List<GenericRecord> keys = retrying("read the schema", c -> CompletableFuture.completedFuture(c.queryAll(
                "SELECT name, partition_key FROM system.tables WHERE database = {db:String}", p)));
        Map<String, TableInfo> out = new LinkedHashMap<>();
        for (GenericRecord k : keys) {
            out.put(k.getString("name"), new TableInfo(new LinkedHashMap<>(), k.getString("partition_key")));
        }
        for (GenericRecord c : cols) {
            TableInfo t = out.get(c.getString("table"));
            if (t != null) {
                t.columns().put(c.getString("name"), c.getString("type"));
            }
        }
        return out;
    }

    /**
     * Every column this store writes must exist with its type (extra columns are fine: inserts name theirs). A
     * partitioned table must be partitioned by month, since inserts are split by month; an unpartitioned one takes any.
     */
    static void check(ClickHouseUrl url, Schema.Table t, TableInfo info) {
        List<String> problems = new ArrayList<>();
        for (Schema.Column c : t.columnList()) {
            String want = ClickHouseSchema.type(c);
            String have = info.columns().get(c.name());
            if (have == null) {
                problems.add("column " + c.name() + " is missing (expected " + want + ")");
            } else if (!have.equals(want)) {
                problems.add("column " + c.name() + " is " + have + ", expected " + want);
            }
        }
        String wantKey = ClickHouseSchema.PARTITION_KEY.replace(" ", "");
        String haveKey = info.partitionKey() == null ? "" : info.partitionKey().replace(" ", "");
        if (!haveKey.equals(wantKey) && !info.partitionKey().isEmpty()) {
            problems.add("it is partitioned by " + info.partitionKey() + ", expected " + ClickHouseSchema.PARTITION_KEY);
        }
        if (!problems.isEmpty()) {
            throw new StoreException("ClickHouse table " + url.database() + "." + t.name() + " does not match what Cascade writes: "
                    + String.join("; ", problems) + ". Use a new database (history replays from the topic with a new --group) "
                    + "or migrate the table to: " + ClickHouseSchema.createTable(t), null);
        }
    }

    @Override
    public synchronized void accept(MarketEvent e) {
        Schema.Table table = EventRows.tableOf(e);
        Batch b = batches.computeIfAbsent(table, t -> new TreeMap<>())
                .computeIfAbsent(ClickHouseSchema.partitionOf(e.ts()), m -> new Batch());
        row.out = b.rows;
        try {
            EventRows.write(e, row);
        } catch (SQLException ex) {
            throw new StoreException("cannot encode event: " + ex.getMessage(), ex); // RowBinaryRow never throws
        }
        b.count++;
        b.idHash = b.idHash * 31 + EventKeys.of(e);
        accepted++;
    }

    /**
     * Sends every buffered row: per table, one INSERT per group of at most {@value #MAX_PARTITIONS_PER_INSERT} months.
     * Returns the rows sent (ClickHouse merges duplicates away later). A group is dropped from the buffer only once
     * the server accepted it; a retry of the same group sends the same bytes with the same deduplication token.
     */
    @Override
    public synchronized long flush() {
        long sent = 0;
        for (Map.Entry<Schema.Table, TreeMap<Integer, Batch>> entry : batches.entrySet()) {
            Schema.Table t = entry.getKey();
            TreeMap<Integer, Batch> months = entry.getValue();
            List<String> columns = t.columnList().stream().map(Schema.Column::name).toList();
            while (!months.isEmpty()) {
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                long count = 0;
                long hash = 17;
                List<Integer> group = new ArrayList<>();
                for (Iterator<Map.Entry<Integer, Batch>> it = months.entrySet().iterator(); it.hasNext() && group.size() < MAX_PARTITIONS_PER_INSERT; ) {
                    Map.Entry<Integer, Batch> m = it.next();
                    body.writeBytes(m.getValue().rows.toByteArray());
                    count += m.getValue().count;
                    hash = hash * 31 + m.getValue().idHash;
                    group.add(m.getKey());
                }
                InsertSettings settings = new InsertSettings();
                // Into a Distributed table (cluster DDL) the insert returns only once every shard stored its rows, so
                // offsets are never committed past rows still queued on the node that took the insert.
                settings.serverSetting("distributed_foreground_insert", "1");
                // The same group again (a retry after a lost response) = the same token: the server drops the copy.
                settings.setDeduplicationToken(t.name() + "-" + group.get(0) + "-" + group.get(group.size() - 1) + "-" + count
                        + "-" + Long.toHexString(hash));
                byte[] bytes = body.toByteArray();
                release(retrying("insert into " + t.name(), c -> c.insert(t.name(), columns, new ByteArrayInputStream(bytes),
                        ClickHouseFormat.RowBinary, settings)));
                group.forEach(months::remove);
                sent += count;
                inserts++;
            }
        }
        written += sent;
        return sent;
    }

    /** One client call on the current host, done once or retried with backoff through a transient outage. */
    private <T> T retrying(String what, java.util.function.Function<Client, CompletableFuture<T>> call) {
        long start = System.nanoTime();
        long backoff = FIRST_BACKOFF_MS;
        int attempts = 0;
        while (true) {
            attempts++;
            Client c = clients.get(host);
            try {
                return await(() -> call.apply(c));
            } catch (RuntimeException e) {
                Throwable cause = e instanceof CallFailed cf ? cf.getCause() : e;
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                if (!isTransient(cause)) {
                    throw new StoreException("ClickHouse " + what + " failed at " + url.endpoint(host) + ": " + message(cause), cause);
                }
                if (elapsed + backoff > retryForMs) {
                    throw new StoreException("ClickHouse " + what + " failed for " + (elapsed / 1000) + " s (" + attempts
                            + " attempts over " + url.hosts().size() + " host(s), limit retry_for=" + retryForMs / 1000
                            + " s); last error at " + url.endpoint(host) + ": " + message(cause)
                            + ". Nothing past the last stored checkpoint was committed.", cause);
                }
                LOG.warn("ClickHouse {} failed at {} ({}); retrying in {} ms", what, url.endpoint(host), message(cause), backoff);
                retries++;
                host = (host + 1) % clients.size();
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new StoreException("interrupted while retrying ClickHouse " + what, ie);
                }
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }

    /** A transport failure, a timeout, or a server error that says a later attempt may succeed. */
    static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ServerException se) {
                return se.isRetryable() || TRANSIENT_CODES.contains(se.getCode())
                        || (se.getCode() == ServerException.CODE_UNKNOWN && se.getTransportProtocolCode() >= 500);
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.io.IOException || c instanceof TimeoutException
                    || c instanceof com.clickhouse.client.api.ConnectionInitiationException
                    || c instanceof com.clickhouse.client.api.TransportException) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    /** Wraps every failure of one call (thrown at once or through the future) so {@link #retrying} can judge it. */
    private static final class CallFailed extends RuntimeException {
        CallFailed(Throwable cause) {
            super(cause);
        }
    }

    private static <T> T await(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get().get(CALL_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted during a ClickHouse call", e);
        } catch (ExecutionException e) {
            throw new CallFailed(e.getCause() == null ? e : e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw new CallFailed(e);
        }
    }

    /** Releases a finished call's response (its connection); a failure to release it is the client's to log. */
    private static void release(AutoCloseable response) {
        try {
            response.close();
        } catch (Exception e) {
            LOG.debug("cannot release a ClickHouse response", e);
        }
    }

    /** Counts since open. */
    public record Stats(long accepted, long written, long inserts, long retries) {
    }

    public synchronized Stats stats() {
        return new Stats(accepted, written, inserts, retries);
    }

    /** Attempts that failed transiently and were retried, since open (readable while a flush is retrying). */
    public long retries() {
        return retries;
    }

    public ClickHouseUrl url() {
        return url;
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            closeClients();
        }
    }

    private void closeClients() {
        clients.forEach(Client::close);
    }

    /** ClickHouse RowBinary: little-endian fixed-width integers, strings as LEB128 length + UTF-8, Bool as one byte. */
    static final class RowBinaryRow implements EventRows.Row {
        ByteArrayOutputStream out;

        @Override
        public void add(long v) {
            for (int i = 0; i < 8; i++) {
                out.write((int) (v >>> (8 * i)));
            }
        }

        @Override
        public void add(int v) {
            for (int i = 0; i < 4; i++) {
                out.write(v >>> (8 * i));
            }
        }

        @Override
        public void add(String v) {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            long n = b.length;
            do {
                int bits = (int) (n & 0x7f);
                n >>>= 7;
                out.write(n == 0 ? bits : bits | 0x80);
            } while (n != 0);
            out.write(b, 0, b.length);
        }

        @Override
        public void add(boolean v) {
            out.write(v ? 1 : 0);
        }
    }
}
