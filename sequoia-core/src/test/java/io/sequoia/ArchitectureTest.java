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
    static final Map<String, Integer> RANK = Map.ofEntries(
            Map.entry("tensor", 0),
            Map.entry("autograd", 1),
            Map.entry("nn", 2),
            Map.entry("optim", 3),
            Map.entry("io", 3),
            Map.entry("train", 4),
            Map.entry("data", 4),
            Map.entry("text", 5),
            Map.entry("timeseries", 5),
            Map.entry("lm", 5),
            Map.entry("tagging", 5),
            Map.entry("tree", 5),
            Map.entry("translation", 5));

    /** Packages that may drive an optimizer: the fit loop (train) and the optimizers themselves. */
    private static final java.util.Set<String> OPTIMIZER_OWNERS = java.util.Set.of("optim", "train");
    private static final Pattern OPTIMIZER_CALL = Pattern.compile("\\.(step|zeroGrad)\\(\\)");
    private static final Pattern STATIC_BLOCK = Pattern.compile("^\\s*static\\s*\\{", Pattern.MULTILINE);
    /** A static registration call (ModuleRegistry.register(...)); a java.lang.ref.Cleaner named CLEANER is not a registry. */
    private static final Pattern REGISTER_CALL = Pattern.compile("\\b(?!CLEANER\\b)[A-Z]\\w*\\.register\\(");

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

    /**
     * One fit loop: outside {@code train} and {@code optim}, no class calls an optimizer's (or a
     * module's) {@code step()} / {@code zeroGrad()} — a lab supplies batches and a step to
     * {@code Model.fit}, never a loop of its own. One registry: no static initialiser registers
     * anything ({@code ModuleRegistry} finds {@code fromConfig} in each module's own file).
     */
    /** Being moved onto the fit loop on the forecasting branch (issue 11); must be empty when it lands. */
    private static final java.util.Set<String> PENDING = java.util.Set.of();

    @Test
    void labsOwnNoOptimizerLoopAndNothingRegistersStatically() throws IOException {
        Path root = Paths.get("src", "main", "java", "io", "sequoia");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String top = root.relativize(p).getName(0).toString();
                String src = Files.readString(p);
                boolean usesOptimizer = src.contains("io.sequoia.optim.") || src.contains("Optimizer");
                if (!OPTIMIZER_OWNERS.contains(top) && usesOptimizer && OPTIMIZER_CALL.matcher(src).find() && !PENDING.contains(p.getFileName().toString())) {
                    violations.add(p + ": calls step()/zeroGrad() outside the fit loop; train through Model.fit(Batches, TrainingStep, FitOptions)");
                }
                if (REGISTER_CALL.matcher(src).find() && !p.endsWith("DatasetRegistry.java")) {
                    violations.add(p + ": registers something; modules declare fromConfig in their own file (ModuleRegistry)");
                }
                Matcher block = STATIC_BLOCK.matcher(src);
                while (block.find()) {
                    int end = src.indexOf("\n    }", block.end());
                    String body = src.substring(block.end(), end < 0 ? src.length() : end);
                    if (body.contains("register") && !p.endsWith("DatasetRegistry.java")) {
                        violations.add(p + ": registers in a static initialiser; no static registration outside the registries");
                    }
                }
            }
        }
        if (!violations.isEmpty()) fail(String.join("\n", violations));
    }

    private static final Pattern IMPORT_PACKAGE = Pattern.compile("^import (?:static )?io\\.sequoia\\.([a-z.]+)\\.[A-Z]", Pattern.MULTILINE);

    /** No two packages (sub-packages included) import each other, directly or through others. */
    @Test
    void noImportCycleBetweenPackages() throws IOException {
        Path root = Paths.get("src", "main", "java", "io", "sequoia");
        Map<String, java.util.Set<String>> deps = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String pkg = root.relativize(p.getParent()).toString().replace('/', '.');
                Matcher m = IMPORT_PACKAGE.matcher(Files.readString(p));
                while (m.find()) if (!m.group(1).equals(pkg)) deps.computeIfAbsent(pkg, k -> new java.util.TreeSet<>()).add(m.group(1));
            }
        }
        List<String> cycles = new ArrayList<>();
        for (String a : deps.keySet()) {
            java.util.Deque<String> todo = new java.util.ArrayDeque<>(deps.get(a));
            java.util.Set<String> seen = new java.util.HashSet<>();
            while (!todo.isEmpty()) {
                String b = todo.pop();
                if (b.equals(a)) { cycles.add(a); break; }
                if (seen.add(b)) todo.addAll(deps.getOrDefault(b, java.util.Set.of()));
            }
        }
        if (!cycles.isEmpty()) fail("packages on an import cycle: " + cycles + "\n" + deps);
    }
}
