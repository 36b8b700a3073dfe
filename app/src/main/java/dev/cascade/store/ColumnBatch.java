package dev.cascade.store;

import org.duckdb.DuckDBAppender;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One table's rows waiting for a flush, held column by column so they reach DuckDB in bulk.
 *
 * <p>Why not an Appender row by row: DuckDB's Java Appender commits every 2,048 rows, and with the liquidation table's
 * ten text columns that native commit costs about 3 µs a row (0.3M rows/s measured). Here every number goes into a
 * {@code long[]} block that is appended as one LIST value (a bulk copy), and a row's text values, which repeat
 * (source, exchange, symbol, side, units, ...), become one code into a dictionary of distinct text tuples. The move
 * unnests the blocks and either joins the text back into a plain table or stores the codes with the dictionary
 * ({@link TableLayout}); queries see the same columns either way.
 */
final class ColumnBatch implements EventRows.Row {
    static final int BLOCK = 16384;
    /** Blocks kept between batches: a second of a busy feed fits without reallocating; at most ~20 MB. */
    static final int KEPT_BLOCKS = 16;
    /** A TEMP dictionary larger than this starts again after a flush ({@link #forgetTuplesIfLarge}). */
    static final int MAX_TUPLES = 65_536;

    final Schema.Table table;
    private final boolean[] isText;
    private final int numericCount;

    private final List<long[][]> blocks = new ArrayList<>(); // blocks.get(b)[numericColumn][row in block]
    private final List<int[]> tupleBlocks = new ArrayList<>();
    private int rows;
    private long[][] block; // the current row's block and its index there
    private int slot;
    private int column;
    private int numeric;
    private int text;
    private long minTs = Long.MAX_VALUE;
    private long maxTs = Long.MIN_VALUE;

    private long[] idSet = new long[0];
    private final String[] rowText;
    private final TupleDictionary tuples = new TupleDictionary();
    private int tuplesInDuckDb;
    /** The tuples are stored with the rows (their codes are in stored rows), so the dictionary never starts again. */
    private final boolean storedTuples;

    ColumnBatch(TableLayout layout) {
        this.table = layout.table;
        this.storedTuples = layout.textDictionary;
        isText = new boolean[layout.columnCount()];
        int t = 0;
        for (int i = 0; i < isText.length; i++) {
            isText[i] = layout.isText(i);
            t += isText[i] ? 1 : 0;
        }
        numericCount = isText.length - t;
        rowText = new String[t];
        if (isText[0] || isText[1]) {
            throw new IllegalArgumentException(table.name() + ": event_id and ts must be the first two columns");
        }
    }

    int rows() {
        return rows;
    }

    long minTs() {
        return minTs;
    }

    long maxTs() {
        return maxTs;
    }

    void beginRow() {
        if (rows / BLOCK == blocks.size()) {
            blocks.add(new long[numericCount][BLOCK]);
            tupleBlocks.add(new int[BLOCK]);
        }
        block = blocks.get(rows / BLOCK);
        slot = rows % BLOCK;
        column = 0;
        numeric = 0;
        text = 0;
    }

    void endRow() {
        if (column != isText.length) {
            throw new IllegalStateException(table.name() + ": row has " + column + " columns, expected " + isText.length);
        }
        tupleBlocks.get(rows / BLOCK)[slot] = tuples.codeOf(rowText);
        long ts = block[1][slot];
        minTs = Math.min(minTs, ts);
        maxTs = Math.max(maxTs, ts);
        rows++;
    }

    @Override
    public void add(long v) {
        if (isText[column++]) {
            throw new IllegalStateException(table.name() + ": column " + (column - 1) + " is text, got a number");
        }
        block[numeric++][slot] = v;
    }

    @Override
    public void add(int v) {
        add((long) v);
    }

    @Override
    public void add(boolean v) {
        add(v ? 1L : 0L);
    }

    @Override
    public void add(String v) {
        if (!isText[column++]) {
            throw new IllegalStateException(table.name() + ": column " + (column - 1) + " is a number, got text");
        }
        rowText[text++] = v;
    }

    /** Appends the tuples DuckDB does not have yet, then the rows as LIST blocks, and flushes both Appenders. */
    void appendTo(DuckDBAppender tupleAppender, DuckDBAppender blockAppender) throws SQLException {
        for (int code = tuplesInDuckDb; code < tuples.size(); code++) {
            tupleAppender.beginRow();
            tupleAppender.append(code);
            for (String s : tuples.get(code)) {
                tupleAppender.append(s);
            }
            tupleAppender.endRow();
        }
        tupleAppender.flush();
        tuplesInDuckDb = tuples.size();
        for (int b = 0; b * BLOCK < rows; b++) {
            int n = Math.min(BLOCK, rows - b * BLOCK);
            blockAppender.beginRow();
            blockAppender.append(n == BLOCK ? tupleBlocks.get(b) : Arrays.copyOf(tupleBlocks.get(b), n));
            for (long[] values : blocks.get(b)) {
                blockAppender.append(n == BLOCK ? values : Arrays.copyOf(values, n));
            }
            blockAppender.endRow();
        }
        blockAppender.flush();
    }

    /**
     * True when two rows of the batch share an event id (a frame re-sent within the second): then the move keeps
     * one row per id, which costs DuckDB a sort; checked here with an open-addressing set over the id column
     * instead of a count-distinct pass in DuckDB over every row.
     */
    boolean hasRepeatedIds() {
        int cap = Integer.highestOneBit(Math.max(16, rows) * 2 - 1) << 1;
        if (idSet.length < cap) {
            idSet = new long[cap];
        } else {
            Arrays.fill(idSet, 0, cap, 0L);
        }
        int mask = cap - 1;
        boolean zeroSeen = false;
        for (int r = 0; r < rows; r++) {
            long id = blocks.get(r / BLOCK)[0][r % BLOCK];
            if (id == 0) { // 0 marks an empty slot, so the id 0 is tracked apart
                if (zeroSeen) {
                    return true;
                }
                zeroSeen = true;
                continue;
            }
            long h = id * 0x9E3779B97F4A7C15L;
            for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
                long v = idSet[i];
                if (v == 0) {
                    idSet[i] = id;
                    break;
                }
                if (v == id) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Forgets the rows (now in DuckDB, or lost with a failed flush) and keeps a few blocks for the next batch. */
    void clear() {
        rows = 0;
        minTs = Long.MAX_VALUE;
        maxTs = Long.MIN_VALUE;
        while (blocks.size() > KEPT_BLOCKS) {
            blocks.remove(blocks.size() - 1);
            tupleBlocks.remove(tupleBlocks.size() - 1);
        }
    }

    /** Takes up the tuples already stored, in code order, so new rows reuse their codes. */
    void restoreTuples(List<String[]> stored) {
        for (String[] tuple : stored) {
            if (tuples.codeOf(tuple) != tuples.size() - 1) {
                throw new IllegalStateException(table.name() + ": stored text tuples repeat " + Arrays.toString(tuple));
            }
        }
        tuplesInDuckDb = tuples.size();
    }

    /**
     * Past {@link #MAX_TUPLES} distinct tuples (e.g. trade ids, which never repeat) the dictionary starts again; call
     * only when no staged row still refers to it. Returns true if the caller must empty the tuple table.
     */
    boolean forgetTuplesIfLarge() {
        if (storedTuples || tuples.size() <= MAX_TUPLES) {
            return false;
        }
        tuples.clear();
        tuplesInDuckDb = 0;
        return true;
    }

    /** Distinct text tuples with dense int codes; open addressing keyed by content, no allocation for a known tuple. */
    static final class TupleDictionary {
        private final List<String[]> byCode = new ArrayList<>();
        private int[] slots = new int[1024]; // code + 1, 0 = empty
        private int[] hashes = new int[1024];

        int size() {
            return byCode.size();
        }

        String[] get(int code) {
            return byCode.get(code);
        }

        void clear() {
            byCode.clear();
            Arrays.fill(slots, 0);
        }


        int codeOf(String[] tuple) {
            int h = 1;
            for (String s : tuple) {
                h = 31 * h + s.hashCode();
            }
            h ^= h >>> 16;
            int mask = slots.length - 1;
            for (int i = h & mask; ; i = (i + 1) & mask) {
                int slot = slots[i];
                if (slot == 0) {
                    int code = byCode.size();
                    byCode.add(tuple.clone());
                    slots[i] = code + 1;
                    hashes[i] = h;
                    if (byCode.size() * 2 > slots.length) {
                        grow();
                    }
                    return code;
                }
                if (hashes[i] == h && Arrays.equals(byCode.get(slot - 1), tuple)) {
                    return slot - 1;
                }
            }
        }

        private void grow() {
            int[] oldSlots = slots;
            int[] oldHashes = hashes;
            slots = new int[oldSlots.length * 2];
            hashes = new int[slots.length];
            int mask = slots.length - 1;
            for (int j = 0; j < oldSlots.length; j++) {
                if (oldSlots[j] != 0) {
                    int i = oldHashes[j] & mask;
                    while (slots[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    slots[i] = oldSlots[j];
                    hashes[i] = oldHashes[j];
                }
            }
        }
    }
}
