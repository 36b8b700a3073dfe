package dev.cascade.store;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How a command opens a store for reading: the one place that knows. DuckDB lets one process write a file and no other
 * process open it meanwhile, so a writer ({@code serve}, {@code ingest}) publishes read access beside the store: a
 * lease file {@code <store>.writer} (pid, loopback port, a random token, owner-only) and a loopback endpoint that
 * copies the store's committed state (everything flushed so far) into a snapshot file. A reader finds the lease, asks
 * for a snapshot and opens that read-only; without a live lease it opens the file itself. A user never sees a DuckDB
 * lock error: a store held by a process that publishes nothing is reported as such.
 */
public final class ReadAccess {
    private static final Logger LOG = LoggerFactory.getLogger(ReadAccess.class);
    private static final String TOKEN_HEADER = "X-Cascade-Read-Token";

    private ReadAccess() {
    }

    /** A lease the writer holds while it runs; closing it stops the endpoint and removes the lease file. */
    public interface Published extends AutoCloseable {
        @Override
        void close();
    }

    /** The lease file beside a store. */
    public static Path leaseFile(Path store) {
        Path abs = store.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + ".writer");
    }

    /** Opens {@code store} for reading, while a writer runs or not. The caller closes the connection. */
    public static Connection open(Path store) {
        Lease lease = Lease.read(leaseFile(store));
        if (lease != null) {
            Path snapshot = lease.requestSnapshot();
            if (snapshot != null) {
                try {
                    return openReadOnly(snapshot);
                } finally {
                    // Open files stay readable after unlinking; the snapshot disappears with the connection.
                    deleteQuietly(snapshot);
                }
            }
        }
        if (!Files.exists(store)) {
            throw new StoreException("no store at " + store + " (run `cascade replay` or `cascade ingest` first)", null);
        }
        try {
            return openReadOnly(store);
        } catch (StoreException e) {
            if (isLockConflict(e)) {
                throw new StoreException(heldMessage(store), null);
            }
            throw e;
        }
    }

    /** The message for a store another process holds: who, if its lease says, and what to do. */
    static String heldMessage(Path store) {
        Lease lease = Lease.read(leaseFile(store));
        return "the store " + store + " is open for writing in another process" + (lease == null ? "" : " (pid " + lease.pid + ")")
                + " that offers no read access; stop it, or run this against a copy of the file";
    }

    static boolean isLockConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("Could not set lock") || m.contains("Conflicting lock"))) {
                return true;
            }
        }
        return false;
    }

    private static Connection openReadOnly(Path file) {
        try {
            Properties p = new Properties();
            p.setProperty("duckdb.read_only", "true");
            return java.sql.DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), p);
        } catch (SQLException e) {
            throw new StoreException("cannot open " + file + " read-only: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path snapshot) {
        try {
            Files.deleteIfExists(snapshot);
            Files.deleteIfExists(snapshot.resolveSibling(snapshot.getFileName() + ".wal"));
        } catch (IOException e) {
            snapshot.toFile().deleteOnExit();
        }
    }

    /**
     * Writer side: serves snapshots of {@code store} (open in this process as {@code file}) on a loopback port and
     * writes the lease file. An in-memory store ({@code file} null) publishes nothing.
     */
    public static Published publish(DuckDbStore store, Path file) {
        if (file == null) {
            return () -> { };
        }
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        } catch (IOException e) {
            throw new StoreException("cannot open the loopback read endpoint: " + e.getMessage(), e);
        }
        Snapshots snapshots = new Snapshots(store, file.toAbsolutePath());
        server.createContext("/snapshot", ex -> snapshots.serve(ex, token));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "store-read-access");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        Path leasePath = leaseFile(file);
        try {
            Lease.write(leasePath, new Lease(ProcessHandle.current().pid(), server.getAddress().getPort(), token));
        } catch (IOException e) {
            server.stop(0);
            throw new StoreException("cannot write " + leasePath + ": " + e.getMessage(), e);
        }
        return () -> {
            try {
                Files.deleteIfExists(leasePath);
            } catch (IOException e) {
                LOG.warn("cannot remove {}: {}", leasePath, e.getMessage());
            }
            server.stop(0);
        };
    }

    /** Copies the store's committed state into fresh files beside it, one request at a time. */
    private static final class Snapshots {
        private final DuckDbStore store;
        private final Path file;
        private final AtomicLong seq = new AtomicLong();

        Snapshots(DuckDbStore store, Path file) {
            this.store = store;
            this.file = file;
        }

        void serve(HttpExchange ex, String token) throws IOException {
            try (ex) {
                String given = ex.getRequestHeaders().getFirst(TOKEN_HEADER);
                if (!"POST".equals(ex.getRequestMethod()) || given == null
                        || !MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII), token.getBytes(StandardCharsets.US_ASCII))) {
                    reply(ex, 403, "forbidden");
                    return;
                }
                try {
                    reply(ex, 200, snapshot().toString());
                } catch (RuntimeException | SQLException e) {
                    LOG.error("snapshot for a reader failed: {}", e.getMessage());
                    reply(ex, 500, "snapshot failed: " + e.getMessage());
                }
            }
        }

        /** A copy can meet a concurrent flush's commit (a conflict); it is retried a few times on a fresh file. */
        private synchronized Path snapshot() throws SQLException {
            SQLException last = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                Path target = file.resolveSibling("." + file.getFileName() + ".snapshot-" + ProcessHandle.current().pid() + "-"
                        + seq.incrementAndGet() + ".duckdb");
                try {
                    copyTo(target, "snapshot_" + seq.get());
                    return target;
                } catch (SQLException e) {
                    last = e;
                    LOG.debug("snapshot attempt {} failed: {}", attempt + 1, e.getMessage());
                    deleteQuietly(target);
                }
            }
            throw last;
        }

        private void copyTo(Path target, String alias) throws SQLException {
            try (Connection c = store.connect(); Statement st = c.createStatement()) {
                c.setAutoCommit(true);
                String current;
                try (ResultSet rs = st.executeQuery("SELECT current_database()")) {
                    rs.next();
                    current = rs.getString(1);
                }
                // The path is ours (no user text); quotes doubled all the same.
                st.execute("ATTACH '" + target.toString().replace("'", "''") + "' AS " + alias);
                SQLException copyFailure = null;
                try {
                    st.execute("COPY FROM DATABASE \"" + current.replace("\"", "\"\"") + "\" TO " + alias);
                } catch (SQLException e) {
                    copyFailure = e;
                }
                try {
                    if (copyFailure != null && !c.getAutoCommit()) {
                        c.rollback();
                    }
                    st.execute("DETACH " + alias);
                } catch (SQLException e) {
                    if (copyFailure == null) {
                        throw e;
                    }
                    copyFailure.addSuppressed(e);
                }
                if (copyFailure != null) {
                    throw copyFailure;
                }
            }
        }

        private static void reply(HttpExchange ex, int status, String body) throws IOException {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }

    /** The lease file's content: three lines, {@code pid=}, {@code port=}, {@code token=}. */
    private record Lease(long pid, int port, String token) {
        static Lease read(Path path) {
            if (!Files.isRegularFile(path)) {
                return null;
            }
            try {
                long pid = -1;
                int port = -1;
                String token = null;
                for (String line : Files.readAllLines(path, StandardCharsets.US_ASCII)) {
                    if (line.startsWith("pid=")) {
                        pid = Long.parseLong(line.substring(4).trim());
                    } else if (line.startsWith("port=")) {
                        port = Integer.parseInt(line.substring(5).trim());
                    } else if (line.startsWith("token=")) {
                        token = line.substring(6).trim();
                    }
                }
                if (pid <= 0 || port <= 0 || port > 65535 || token == null || token.isEmpty()) {
                    return null;
                }
                // A lease left by a process that was killed: ignore it (the file can be opened directly).
                return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) ? new Lease(pid, port, token) : null;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        static void write(Path path, Lease lease) throws IOException {
            Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, "pid=" + lease.pid + "\nport=" + lease.port + "\ntoken=" + lease.token + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }

        /** The snapshot's path, or null if the writer did not answer (then the caller tries the file itself). */
        Path requestSnapshot() {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/snapshot"))
                    .timeout(Duration.ofMinutes(5)).header(TOKEN_HEADER, token).POST(HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> resp;
            try {
                resp = client.send(req, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            if (resp.statusCode() != 200) {
                throw new StoreException("the process writing the store (pid " + pid + ") could not make a read snapshot: "
                        + resp.body(), null);
            }
            return Path.of(resp.body());
        }
    }
}
