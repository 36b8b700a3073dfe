package dev.cascade.scaleout.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.command.CommandSettings;
import com.clickhouse.client.api.data_formats.ClickHouseBinaryFormatReader;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import dev.cascade.core.model.EventKeys;
import dev.cascade.core.model.MarketEvent;
import dev.cascade.core.port.DurableSink;
import dev.cascade.core.port.QueryStore;
import dev.cascade.store.EventRows;
import dev.cascade.store.PortableSql;
import dev.cascade.store.Schema;
import dev.cascade.store.StoreException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The distributed store: ClickHouse over its HTTP interface with client-v2. Writes buffer RowBinary rows per table
 * (columns from {@link EventRows}, the embedded store's own column writer) and send one INSERT per table on
 * {@link #flush()}; reads run the same {@link PortableSql} text as the embedded store, with server-side parameters.
 * A failed insert keeps its rows and throws, so the consumer never commits offsets past data that is not stored.
 *
 * <p>Tested against a recorded-protocol fake of the ClickHouse HTTP interface, not against a live server: the SQL of
 * every read (totals and the seven analytics reads) has been run on DuckDB only, never by a ClickHouse parser.
 */
public final class ClickHouseStore implements DurableSink, QueryStore, AutoCloseable {
    private static final long TIMEOUT_S = 120;

    private final Client client;
    private final ClickHouseUrl url;
    private final Map<Schema.Table, Batch> batches = new LinkedHashMap<>();
    private final RowBinaryRow row = new RowBinaryRow();
    private long accepted;
    private long written;
    private long inserts;

    /** Rows of one table waiting for the next flush, and a token identifying exactly this batch. */
    private static final class Batch {
        final ByteArrayOutputStream rows = new ByteArrayOutputStream(1 << 16);
        long count;
        long idHash = 17;
    }

    private ClickHouseStore(Client client, ClickHouseUrl url) {
        this.client = client;
        this.url = url;
    }

    /** Connects and creates the database and tables if missing. */
    public static ClickHouseStore open(ClickHouseUrl url) {
        String password = System.getenv(ClickHouseUrl.PASSWORD_ENV);
        Client client = new Client.Builder()
                .addEndpoint(url.endpoint())
                .setUsername(url.user())
                .setPassword(password == null ? "" : password)
                .setDefaultDatabase(url.database())
                // Results here are small aggregates; uncompressed responses keep the tested wire format the deployed one.
                .compressServerResponse(false)
                .compressClientRequest(false)
                .setClientName("cascade")
                .build();
        ClickHouseStore s = new ClickHouseStore(client, url);
        try {
            CommandSettings inDefault = new CommandSettings();
            inDefault.setDatabase("default");
            s.await(() -> client.execute("CREATE DATABASE IF NOT EXISTS " + url.database(), inDefault), "create database").close();
            for (String ddl : ClickHouseSchema.ddl()) {
                s.await(() -> client.execute(ddl), "create table").close();
            }
        } catch (Exception e) {
            client.close();
            throw e instanceof StoreException se ? se : new StoreException("cannot prepare ClickHouse schema at " + url.endpoint()
                    + ": " + e.getMessage(), e);
        }
        return s;
    }

    @Override
    public synchronized void accept(MarketEvent e) {
        Batch b = batches.computeIfAbsent(EventRows.tableOf(e), t -> new Batch());
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

    /** Sends every buffered row, one INSERT per table. Returns the rows sent (ClickHouse merges duplicates away later). */
    @Override
    public synchronized long flush() {
        long sent = 0;
        for (var it = batches.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            Schema.Table t = entry.getKey();
            Batch b = entry.getValue();
            if (b.count == 0) {
                continue;
            }
            InsertSettings settings = new InsertSettings();
            // Same batch again (a retry after a lost response) = same token: the server drops the copy.
            settings.setDeduplicationToken(t.name() + "-" + b.count + "-" + Long.toHexString(b.idHash));
            InsertResponse r = await(() -> client.insert(t.name(), new ByteArrayInputStream(b.rows.toByteArray()),
                    ClickHouseFormat.RowBinary, settings), "insert into " + t.name());
            r.close();
            sent += b.count;
            inserts++;
            it.remove();
        }
        written += sent;
        return sent;
    }

    @Override
    public List<LiquidationTotal> liquidationTotals(long fromTs, long toTs, Set<Dimension> groupBy, LiquidationFilter filter) {
        PortableSql.Query q = PortableSql.liquidationTotals(ClickHouseSchema.DIALECT, fromTs, toTs, groupBy, filter);
        List<String> dimCols = q.dimensionColumns();
        List<LiquidationTotal> rows = read("liquidation totals", new PortableSql.Read(q.sql(), q.params()), r -> {
            List<String> values = new ArrayList<>(dimCols.size());
            for (String c : dimCols) {
                values.add(r.getString(c));
            }
            return q.total(values, r.getLong("n"), r.getLong("total_usd_e6"), r.getLong("lower_bound"));
        });
        return rows.stream().filter(t -> t.count() != 0).toList(); // an ungrouped total over nothing is no row
    }

    /** Runs one client call; the client fails some calls at once and others through the future: both end here. */
    private <T> T await(Supplier<CompletableFuture<T>> call, String what) {
        try {
            return call.get().get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted during " + what, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new StoreException("ClickHouse " + what + " failed at " + url.endpoint() + ": " + c.getMessage(), c);
        } catch (TimeoutException e) {
            throw new StoreException("ClickHouse " + what + " timed out after " + TIMEOUT_S + "s at " + url.endpoint(), e);
        } catch (RuntimeException e) {
            throw new StoreException("ClickHouse " + what + " failed at " + url.endpoint() + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(QueryResponse resp) {
        try {
            resp.close();
        } catch (Exception e) {
            // the rows are read; a failure to release the connection is the client's to log
        }
    }

    /** Counts since open. */
    public record Stats(long accepted, long written, long inserts) {
    }

    public synchronized Stats stats() {
        return new Stats(accepted, written, inserts);
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            client.close();
        }
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

    /** Reads one result row by column name (the names {@link PortableSql} gives its results). */
    private interface RowReader<T> {
        T read(ClickHouseBinaryFormatReader r);
    }

    /** Runs one analytics read with server-side parameters and maps every row of its RowBinaryWithNamesAndTypes answer. */
    private <T> List<T> read(String what, PortableSql.Read q, RowReader<T> rows) {
        Map<String, Object> params = new HashMap<>();
        for (PortableSql.Param p : q.params()) {
            params.put(p.name(), p.value()); // a repeated name (the sources union) has the same value every time
        }
        QuerySettings settings = new QuerySettings().setFormat(ClickHouseFormat.RowBinaryWithNamesAndTypes);
        List<T> out = new ArrayList<>();
        QueryResponse resp = await(() -> client.query(q.sql(), params, settings), what);
        try {
            ClickHouseBinaryFormatReader reader = client.newBinaryFormatReader(resp);
            while (reader.hasNext()) {
                reader.next();
                out.add(rows.read(reader));
            }
        } catch (RuntimeException e) {
            throw new StoreException("ClickHouse " + what + ": cannot read the result: " + e.getMessage(), e);
        } finally {
            closeQuietly(resp);
        }
        return out;
    }

    @Override
    public List<LiquidationBucket> liquidationBuckets(long fromTs, long toTs, long bucketMs, String baseCoin) {
        return read("liquidation buckets", PortableSql.liquidationBuckets(ClickHouseSchema.DIALECT, fromTs, toTs, bucketMs, baseCoin),
                r -> new LiquidationBucket(r.getLong("bucket_ts"), r.getString("exchange"), r.getString("side"), r.getLong("n"),
                        r.getLong("total_usd_e6"), r.getLong("lower_bound") != 0));
    }

    @Override
    public List<OiSample> openInterest(long fromTs, long toTs, long bucketMs, String baseCoin) {
        return read("open interest", PortableSql.openInterest(ClickHouseSchema.DIALECT, fromTs, toTs, bucketMs, baseCoin),
                r -> new OiSample(r.getLong("bucket_ts"), r.getString("source"), r.getString("exchange"), r.getString("symbol"),
                        r.getLong("last_oi_usd_e6")));
    }

    @Override
    public List<FundingSample> funding(long fromTs, long toTs, String baseCoin) {
        return read("funding", PortableSql.funding(ClickHouseSchema.DIALECT, fromTs, toTs, baseCoin),
                r -> new FundingSample(r.getLong("ts"), r.getString("source"), r.getString("exchange"), r.getString("symbol"),
                        r.getLong("rate_e12"), r.getInteger("interval_hours")));
    }

    @Override
    public List<PriceBar> markPriceBars(long fromTs, long toTs, long bucketMs, String baseCoin) {
        return read("mark price bars", PortableSql.markPriceBars(ClickHouseSchema.DIALECT, fromTs, toTs, bucketMs, baseCoin),
                r -> new PriceBar(r.getLong("bucket_ts"), r.getString("source"), r.getString("exchange"), r.getLong("open_e8"),
                        r.getLong("high_e8"), r.getLong("low_e8"), r.getLong("close_e8"), r.getLong("n")));
    }

    @Override
    public List<LiquidationEvent> largestLiquidations(long fromTs, long toTs, String baseCoin, int limit) {
        return read("largest liquidations", PortableSql.largestLiquidations(ClickHouseSchema.DIALECT, fromTs, toTs, baseCoin, limit),
                r -> new LiquidationEvent(r.getLong("ts"), r.getString("source"), r.getString("exchange"), r.getString("symbol"),
                        r.getString("side"), r.getLong("price_e8"), r.getLong("qty_e8"), r.getLong("notional_usd_e6")));
    }

    @Override
    public List<VolumeTotal> tradeVolume(long fromTs, long toTs, String baseCoin) {
        return read("trade volume", PortableSql.tradeVolume(ClickHouseSchema.DIALECT, fromTs, toTs, baseCoin),
                r -> new VolumeTotal(r.getString("exchange"), r.getString("market"), r.getLong("n"), r.getLong("total_usd_e6")));
    }

    @Override
    public List<SourceCount> sources(long fromTs, long toTs) {
        return read("source counts", PortableSql.sources(ClickHouseSchema.DIALECT, fromTs, toTs),
                r -> new SourceCount(r.getString("table_name"), r.getString("source"), r.getLong("n")));
    }
}
