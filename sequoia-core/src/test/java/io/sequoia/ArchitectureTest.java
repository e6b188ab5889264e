package io.sequoia;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Layers only look down (docs/architecture.md): a package may use its own layer's packages and
 * lower layers, never a higher one. Packages of the same rank other than a package and its
 * sub-packages must not use each other either.
 */
class ArchitectureTest {
    /** Package (under io.sequoia) → layer rank. Sub-packages inherit their parent's rank. */
    static final Map<String, Integer> RANK = Map.of(
            "tensor", 0,
            "autograd", 1,
            "nn", 2,
            "optim", 3,
            "io", 3,
            "train", 4,
            "data", 4,
            "text", 5,
            "timeseries", 5,
            "lm", 5);

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.sequoia\\.([a-z]+)", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\bio\\.sequoia\\.([a-z]+)\\.[A-Z]");

    @Test
    void layersOnlyLookDown() throws IOException {
        Path root = Paths.get("src", "main", "java", "io", "sequoia");
        List<String> violations = new ArrayList<>();
        int files = 0;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".java"))::iterator) {
                files++;
                String top = root.relativize(p).getName(0).toString();
                Integer mine = RANK.get(top);
                if (mine == null) { violations.add(p + ": package '" + top + "' has no rank in ArchitectureTest.RANK"); continue; }
                String src = Files.readString(p);
                for (Pattern pat : new Pattern[]{IMPORT, QUALIFIED}) {
                    Matcher m = pat.matcher(src);
                    while (m.find()) {
                        String used = m.group(1);
                        Integer r = RANK.get(used);
                        if (used.equals(top)) continue;
                        if (r == null || r > mine || (r.equals(mine))) {
                            violations.add(p + " (" + top + ", rank " + mine + ") uses io.sequoia." + used + " (rank " + r + ")");
                        }
                    }
                }
            }
        }
        assertTrue(files > 10, "no sources found under " + root.toAbsolutePath());
        if (!violations.isEmpty()) fail("layers must only look down:\n" + String.join("\n", violations));
    }
}
