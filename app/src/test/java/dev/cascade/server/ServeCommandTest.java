package dev.cascade.server;

import dev.cascade.cli.CascadeCli;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** `cascade serve` refuses bad flags before opening anything. */
class ServeCommandTest {
    private static String[] run(String... args) {
        CommandLine cl = CascadeCli.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[]{Integer.toString(code), err.toString()};
    }

    @Test
    void nonLoopbackHostNeedsAllowRemote() {
        String[] r = run("serve", "--host", "0.0.0.0", "--db", "/nonexistent/never-created.duckdb");
        assertThat(r[0]).isEqualTo(Integer.toString(CascadeCli.EXIT_USAGE));
        assertThat(r[1]).contains("--allow-remote");
    }

    @Test
    void badSpeedTokenAndPortAreUsageErrors() {
        assertThat(run("serve", "--speed", "fast")[1]).contains("speed must look like");
        assertThat(run("serve", "--token", "short")[1]).contains("at least 16");
        assertThat(run("serve", "--port", "70000")[1]).contains("--port");
        assertThat(run("serve", "--replay", "/nonexistent/file.jsonl.gz")[1]).contains("no such file");
    }
}
