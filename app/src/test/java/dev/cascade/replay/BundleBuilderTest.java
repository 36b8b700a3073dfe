package dev.cascade.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The committed data/ bundle is exactly what BundleBuilder makes from ../shared/data: nothing edited by hand. */
class BundleBuilderTest {
    @TempDir
    Path dir;

    static Path root() {
        return Path.of(System.getProperty("cascade.root", ".."));
    }

    @Test
    void committedBundleIsReproducibleFromTheSharedCsvFiles() throws IOException {
        Path shared = Path.of(System.getProperty("cascade.shared", "../../shared")).resolve("data");
        assumeTrue(Files.isDirectory(shared), "../shared/data not present");
        List<Path> built = BundleBuilder.build(shared, dir);
        assertThat(built).hasSize(8);
        for (Path b : built) {
            Path committed = root().resolve("data").resolve(b.getFileName());
            assertThat(lines(b)).as(b.getFileName().toString()).isEqualTo(lines(committed));
        }
    }

    static List<String> lines(Path gz) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }
}
