package io.sequoia.bench.encoder;

import io.sequoia.bench.Versus;
import io.sequoia.bench.Versus.Result;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The side-by-side Transformer encoder-layer table of issue 7: Sequoia against libtorch (through
 * DJL), train and infer, 1 and 2 threads, each in its own JVM (see {@link Versus}).
 *
 * <pre>
 * mvn -q -pl sequoia-bench -am -Ppeers package -DskipTests
 * java -cp 'sequoia-bench/target/classes:sequoia-bench/target/peers-lib/*' io.sequoia.bench.encoder.EncoderVersus
 *     [--libs sequoia,libtorch] [--threads 1,2] [--shape B,L,D,H,F] [--warmup S (10)] [--measure S] [--min-reps N] [--max-reps N] [--rounds K]
 * </pre>
 */
public final class EncoderVersus {
    private EncoderVersus() { }

    /** The libraries, by table name, with their {@link EncoderSubject} classes. */
    static final Map<String, String> SUBJECTS = new LinkedHashMap<>();
    static {
        SUBJECTS.put("sequoia", "io.sequoia.bench.encoder.SequoiaEncoder");
        SUBJECTS.put("libtorch", "io.sequoia.bench.encoder.TorchEncoder");
    }

    /** Entry point; see the class comment for the options. */
    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Versus.parse("EncoderVersus", args);
        List<Integer> threads = Versus.threads(opt);
        String shape = EncoderShape.parse(opt.getOrDefault("shape", EncoderShape.ISSUE.key())).key();
        List<String> present = Versus.present(SUBJECTS, opt.getOrDefault("libs", "sequoia,libtorch"));
        if (!opt.containsKey("warmup")) {
            opt.put("warmup", "10");        // a step is ~0.5 s: 1.5 s would leave the JIT's C2 pass unfinished
        }
        String[] timing = Versus.timing(opt);
        List<Result> results = new ArrayList<>();
        int rounds = Versus.rounds(opt);
        for (int n : threads) {
            results.addAll(Versus.runRounds(present, SUBJECTS, shape, n, timing, rounds));
        }
        System.out.println(Versus.table("B,L,D,H,F", results, present, List.of(shape), threads));
    }
}
