package io.sequoia.bench.lstm;

import io.sequoia.bench.Versus;
import io.sequoia.bench.Versus.Result;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The side-by-side LSTM speed table: Sequoia, libtorch (through DJL) and Deeplearning4j on the grid
 * of {@link LstmShape#GRID}, train and infer, 1 and 2 threads, in one run. Each (library, threads,
 * row) is measured in its own JVM ({@link io.sequoia.bench.StepChild}) so that peak RSS belongs to one library and one
 * row, and no library's thread pools or JIT state leak into another's numbers.
 *
 * <pre>
 * mvn -q -pl sequoia-bench -am -Ppeers package -DskipTests
 * java -cp 'sequoia-bench/target/classes:sequoia-bench/target/peers-lib/*' io.sequoia.bench.lstm.LstmVersus
 *     [--libs sequoia,libtorch,dl4j] [--threads 1,2] [--rows 1,2,3,4 | --shape B,T,I,H,L]
 *     [--warmup SECONDS] [--measure SECONDS] [--min-reps N] [--max-reps N] [--rounds K] [--raw FILE]
 * </pre>
 * A library whose classes are not on the class path (the peers without {@code -Ppeers}) is skipped
 * with a note; how children are started and threads set: {@link Versus}. With
 * {@code SEQUOIA_BENCH_CELL=gru} in the environment the children measure a GRU (Sequoia's
 * {@code nn.recurrent.GRU} against {@code torch::gru}) on the same grid (Deeplearning4j: LSTM only).
 */
public final class LstmVersus {
    private LstmVersus() { }

    /** The libraries, by table name, with their {@link LstmSubject} classes. */
    static final Map<String, String> SUBJECTS = new LinkedHashMap<>();
    static {
        SUBJECTS.put("sequoia", "io.sequoia.bench.lstm.SequoiaLstm");
        SUBJECTS.put("libtorch", "io.sequoia.bench.lstm.TorchLstm");
        SUBJECTS.put("dl4j", "io.sequoia.bench.lstm.Dl4jLstm");
    }

    /** Entry point; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Versus.parse("LstmVersus", args);
        System.err.println("# cell: " + (LstmShape.gru() ? "GRU" : "LSTM") + " (SEQUOIA_BENCH_CELL)");
        List<Integer> threads = Versus.threads(opt);
        List<String> shapes = new ArrayList<>();
        if (opt.containsKey("shape")) {
            shapes.add(LstmShape.parse(opt.get("shape")).key());
        } else {
            for (String r : opt.getOrDefault("rows", "1,2,3,4").split(",")) {
                shapes.add(LstmShape.GRID.get(Integer.parseInt(r.trim()) - 1).key());
            }
        }
        String[] timing = Versus.timing(opt);
        List<String> present = Versus.present(SUBJECTS, opt.getOrDefault("libs", "sequoia,libtorch,dl4j"));

        List<Result> results = new ArrayList<>();
        int rounds = Versus.rounds(opt);
        for (String shape : shapes) {
            for (int n : threads) {
                results.addAll(Versus.runRounds(present, SUBJECTS, shape, n, timing, rounds));
            }
        }
        if (opt.containsKey("raw")) {
            StringBuilder raw = new StringBuilder();
            for (Result r : results) {
                raw.append(r).append('\n');
            }
            Files.writeString(Path.of(opt.get("raw")), raw.toString());
        }
        System.out.println(Versus.table("B,T,I,H,L", results, present, shapes, threads));
    }
}
