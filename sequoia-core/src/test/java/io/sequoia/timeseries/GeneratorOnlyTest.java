package io.sequoia.timeseries;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The forecasting lab draws all randomness from {@code tensor.Generator} (seeded), never from its own generators; ArchitectureTest checks the fit loop. */
class GeneratorOnlyTest {
    static final Pattern FORBIDDEN = Pattern.compile("java\\.util\\.Random\\b|new Random\\(|Math\\.random\\(");

    @Test void noTimeseriesClassOwnsARandomNumberGenerator() throws IOException {
        Path root = Paths.get("src/main/java/io/sequoia/timeseries");
        assertTrue(Files.isDirectory(root), root.toAbsolutePath().toString());
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                List<String> lines = Files.readAllLines(p);
                for (int i = 0; i < lines.size(); i++) if (FORBIDDEN.matcher(lines.get(i)).find()) found.add(root.relativize(p) + ":" + (i + 1) + ": " + lines.get(i).trim());
            }
        }
        assertEquals(List.of(), found);
    }
}
