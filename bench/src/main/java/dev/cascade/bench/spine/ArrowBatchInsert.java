package dev.cascade.bench.spine;

import org.apache.arrow.c.ArrowArrayStream;
import org.apache.arrow.c.Data;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.Types;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.duckdb.DuckDBConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The store experiment of issue #16's goal 1: the stored liquidation rows (numbers and a text code) handed to DuckDB as
 * one Arrow batch and moved into the table by a single {@code INSERT ... ANTI JOIN} on the event id within the
 * batch's time range, the same deduplication the store does, with no stage tables. The rows come as column arrays
 * (what the store's column batch holds after its per-row encoding, which this does not repeat).
 */
final class ArrowBatchInsert {
    static final String[] NUMBERS = {"event_id", "ts", "receive_ts", "price_e8", "qty_e8", "notional_usd_e6", "native_qty_e8", "exchange_ts"};

    private ArrowBatchInsert() {
    }

    /** Inserts the rows not yet stored; returns how many. {@code numbers[k]} is column {@code NUMBERS[k]}. */
    static long insert(Connection c, long[][] numbers, int[] textIds, int rows) throws SQLException {
        List<Field> fields = new ArrayList<>();
        for (String name : NUMBERS) {
            fields.add(Field.notNullable(name, Types.MinorType.BIGINT.getType()));
        }
        fields.add(Field.notNullable("text_id", Types.MinorType.INT.getType()));
        Schema schema = new Schema(fields);
        long minTs = Long.MAX_VALUE;
        long maxTs = Long.MIN_VALUE;
        try (BufferAllocator alloc = new RootAllocator(); VectorSchemaRoot root = VectorSchemaRoot.create(schema, alloc);
             ArrowArrayStream stream = ArrowArrayStream.allocateNew(alloc)) {
            for (int k = 0; k < NUMBERS.length; k++) {
                BigIntVector v = (BigIntVector) root.getVector(k);
                v.allocateNew(rows);
                long[] col = numbers[k];
                for (int i = 0; i < rows; i++) {
                    v.set(i, col[i]);
                }
                v.setValueCount(rows);
            }
            for (int i = 0; i < rows; i++) {
                minTs = Math.min(minTs, numbers[1][i]);
                maxTs = Math.max(maxTs, numbers[1][i]);
            }
            IntVector text = (IntVector) root.getVector(NUMBERS.length);
            text.allocateNew(rows);
            for (int i = 0; i < rows; i++) {
                text.set(i, textIds[i]);
            }
            text.setValueCount(rows);
            root.setRowCount(rows);
            Data.exportArrayStream(alloc, new OneBatch(alloc, root), stream);
            ((DuckDBConnection) c).registerArrowStream("batch", stream);
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO liquidation_rows SELECT b.* FROM batch b ANTI JOIN "
                    + "(SELECT event_id FROM liquidation_rows WHERE ts BETWEEN ? AND ?) x USING (event_id)")) {
                ps.setLong(1, minTs);
                ps.setLong(2, maxTs);
                long n = ps.executeUpdate();
                c.commit();
                return n;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** An Arrow reader over one batch already in memory. */
    private static final class OneBatch extends ArrowReader {
        private final VectorSchemaRoot root;
        private boolean read;

        OneBatch(BufferAllocator alloc, VectorSchemaRoot root) {
            super(alloc);
            this.root = root;
        }

        @Override
        public boolean loadNextBatch() {
            boolean first = !read;
            read = true;
            return first;
        }

        @Override
        public VectorSchemaRoot getVectorSchemaRoot() {
            return root;
        }

        @Override
        public long bytesRead() {
            return 0;
        }

        @Override
        protected void closeReadSource() {
        }

        @Override
        protected Schema readSchema() {
            return root.getSchema();
        }
    }
}
