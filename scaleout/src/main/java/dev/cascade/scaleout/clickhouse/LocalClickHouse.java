package dev.cascade.scaleout.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real ClickHouse server on 127.0.0.1, for trying distributed mode on one machine and for the tests: the engine of
 * the npm package {@code @chdb/lib-linux-x64-gnu} (the whole ClickHouse {@value #SERVER_VERSION} as a shared library)
 * run by a tiny C program ({@code engine-runner.c}) as a child process that opens the genuine HTTP interface.
 *
 * <p>The package is fetched once with {@code npm pack} into a cache directory ({@code $CASCADE_CACHE}, default
 * {@code ~/.cache/cascade}) and the runner compiled there with {@code gcc}; later starts reuse both. The child dies
 * with this JVM: it holds the child's stdin open and the child exits when that pipe closes, which the kernel does
 * even when this JVM is killed with SIGKILL; {@link #close()} (also from a shutdown hook) closes it first.
 */
public final class LocalClickHouse implements AutoCloseable {
    /** The npm package version (chdb's release of the engine). */
    public static final String PACKAGE = "@chdb/lib-linux-x64-gnu";
    public static final String PACKAGE_VERSION = "26.7.3-stable.1";
    /** What {@code SELECT version()} answers: the ClickHouse release inside the package. */
    public static final String SERVER_VERSION = "26.7.2.1";
    private static final long START_TIMEOUT_MS = 180_000;
    /** Keeps the server up for a day; it serves only while this query runs. */
    private static final String SERVE_QUERY = "SELECT sleepEachRow(1) FROM numbers(86400) "
            + "SETTINGS function_sleep_max_microseconds_per_block = 0, max_block_size = 1 FORMAT Null";

    private final Process process;
    private final OutputStream lifeline;
    private final int port;
    private final Path dataDir;
    private final Path log;

    private LocalClickHouse(Process process, int port, Path dataDir, Path log) {
        this.process = process;
        this.lifeline = process.getOutputStream();
        this.port = port;
        this.dataDir = dataDir;
        this.log = log;
    }

    /** The cache directory: {@code $CASCADE_CACHE} or {@code ~/.cache/cascade}. */
    public static Path cacheDir() {
        String env = System.getenv("CASCADE_CACHE");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "cascade");
    }

    /**
     * Starts a server on {@code port} (0 = a free one) keeping its data in {@code dataDir} (kept across restarts), and
     * returns once it answers {@code /ping}. Downloads and compiles what is missing from the cache first.
     */
    public static LocalClickHouse start(int port, Path dataDir) {
        return start(port, dataDir, 0, null);
    }

    /**
     * A server that also listens on the native TCP port {@code tcpPort} (what Distributed tables use between nodes) with
     * the extra server configuration {@code configFile} (e.g. a remote_servers cluster), for cluster tests.
     */
    public static LocalClickHouse startNode(int port, int tcpPort, Path dataDir, Path configFile) {
        return start(port, dataDir, tcpPort, configFile);
    }

    private static LocalClickHouse start(int port, Path dataDir, int tcpPort, Path configFile) {
        Installation inst = install(cacheDir());
        try {
            Files.createDirectories(dataDir);
            Path log = dataDir.resolve("engine.log");
            // A free port found by binding 0 can be taken before the engine binds it: then try another one.
            for (int attempt = 1; ; attempt++) {
                int p = port == 0 ? freePort() : port;
                List<String> cmd = new ArrayList<>(List.of(inst.runner().toString(), inst.library().toString(),
                        "--path=" + dataDir.toAbsolutePath() + "/", "--http_port=" + p, "--listen_host=127.0.0.1"));
                if (configFile != null) {
                    cmd.add("--config-file=" + configFile.toAbsolutePath());
                }
                if (tcpPort > 0) {
                    cmd.add("--tcp_port=" + tcpPort);
                }
                cmd.addAll(List.of("--multiquery", "--query",
                        "SYSTEM START LISTEN HTTP; " + (tcpPort > 0 ? "SYSTEM START LISTEN TCP; " : "") + SERVE_QUERY));
                Process proc = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
                LocalClickHouse ch = new LocalClickHouse(proc, p, dataDir, log);
                try {
                    ch.awaitReady();
                    return ch;
                } catch (IllegalStateException e) {
                    ch.close();
                    if (port != 0 || attempt == 3 || !tail(log).contains("Address already in use")) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the ClickHouse engine: " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** {@code clickhouse://127.0.0.1:PORT/database}. */
    public String url(String database) {
        return "clickhouse://127.0.0.1:" + port + "/" + database;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Blocks until the server process ends (for the command that runs it in the foreground). */
    public int awaitExit() throws InterruptedException {
        return process.waitFor();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the ClickHouse engine exited with " + process.exitValue() + " before it "
                        + "served port " + port + ":\n" + tail(log));
            }
            if (pings()) {
                return;
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the ClickHouse engine started", e);
            }
        }
        throw new IllegalStateException("the ClickHouse engine did not answer on port " + port + " within "
                + START_TIMEOUT_MS / 1000 + " s:\n" + tail(log));
    }

    private boolean pings() {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/ping").toURL().openConnection();
            c.setConnectTimeout(2_000);
            c.setReadTimeout(5_000);
            try (InputStream in = c.getInputStream()) {
                return c.getResponseCode() == 200 && new String(in.readAllBytes(), StandardCharsets.UTF_8).startsWith("Ok.");
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    /** Stops the server: closing its stdin makes the runner terminate the engine; forced after 30 s. */
    @Override
    public void close() {
        try {
            lifeline.close();
        } catch (IOException e) {
            // the pipe is gone already: the child has exited or is exiting
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The engine library and the compiled runner, in the cache. */
    public record Installation(Path library, Path runner) {
    }

    /** Makes sure the engine and the runner are in {@code cache}; one process at a time does the work (file lock). */
    public static Installation install(Path cache) {
        Path home = cache.resolve("clickhouse-" + PACKAGE_VERSION);
        Path lib = home.resolve("libchdb.so");
        try {
            Files.createDirectories(home);
            byte[] source;
            try (InputStream in = LocalClickHouse.class.getResourceAsStream("engine-runner.c")) {
                if (in == null) {
                    throw new IllegalStateException("engine-runner.c is missing from the classpath");
                }
                source = in.readAllBytes();
            }
            Path runner = home.resolve("engine-runner-" + sha256(source).substring(0, 12));
            try (FileChannel ch = FileChannel.open(home.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                if (!Files.exists(lib)) {
                    download(home, lib);
                }
                if (!Files.isExecutable(runner)) {
                    Path c = home.resolve("engine-runner.c");
                    Files.write(c, source);
                    Path tmp = home.resolve("engine-runner.tmp");
                    run(home, List.of("gcc", "-O2", "-o", tmp.toString(), c.toString(), "-ldl", "-lpthread"),
                            "compiling the engine runner (needs gcc)");
                    Files.move(tmp, runner, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            return new Installation(lib, runner);
        } catch (IOException e) {
            throw new IllegalStateException("cannot install the ClickHouse engine into " + home + ": " + e.getMessage(), e);
        }
    }

    /** {@code npm pack} the package (178 MB) into a scratch directory, unpack it, keep only the library. */
    private static void download(Path home, Path lib) throws IOException {
        Path work = home.resolve("download");
        deleteTree(work);
        Files.createDirectories(work);
        run(work, List.of("npm", "pack", "--silent", PACKAGE + "@" + PACKAGE_VERSION),
                "downloading " + PACKAGE + "@" + PACKAGE_VERSION + " from the npm registry (needs npm)");
        String tgz = "chdb-lib-linux-x64-gnu-" + PACKAGE_VERSION + ".tgz";
        run(work, List.of("tar", "-xzf", tgz, "package/libchdb.so"), "unpacking " + tgz);
        Files.move(work.resolve("package/libchdb.so"), lib, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(work);
    }

    private static void run(Path dir, List<String> cmd, String what) throws IOException {
        Path out = Files.createTempFile(dir, "cmd", ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice())).start();
        try {
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IOException(what + " failed (exit " + rc + "): " + Files.readString(out).strip());
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted", e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (var s = Files.walk(dir)) {
            s.forEach(paths::add);
        }
        for (int i = paths.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(paths.get(i));
        }
    }

    /** A port nothing listens on right now (bind 0): callers must cope with losing it to another process. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no engine log: " + e.getMessage() + ")";
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
