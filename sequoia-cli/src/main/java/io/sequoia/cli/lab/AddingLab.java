package io.sequoia.cli.lab;

import io.sequoia.autograd.Tensor;
import io.sequoia.data.AddingProblem;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Module;
import io.sequoia.nn.recurrent.GRU;
import io.sequoia.nn.recurrent.LSTM;
import io.sequoia.nn.recurrent.RNN;
import io.sequoia.nn.recurrent.RNNBase;
import io.sequoia.tensor.Generator;
import io.sequoia.train.FitOptions;
import io.sequoia.train.History;
import io.sequoia.train.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The course's lesson on long dependencies: the adding problem over {@code --seq} steps, learned by
 * an LSTM (and a GRU) and not by an Elman RNN of the same width. Prints the validation curves.
 */
@Command(name = "adding", mixinStandardHelpOptions = true,
        description = "The adding problem: LSTM vs GRU vs Elman RNN over long sequences; prints the learning curves.")
public final class AddingLab implements Callable<Integer> {
    @Option(names = "--seq", description = "Sequence length (default ${DEFAULT-VALUE}).") int seq = 100;
    @Option(names = "--hidden", description = "Hidden units (default ${DEFAULT-VALUE}).") int hidden = 32;
    @Option(names = "--train", description = "Training sequences (default ${DEFAULT-VALUE}).") int train = 4096;
    /** The adding-problem runs of docs/labs.md (LSTM val MSE 0.0005 at T = 100). */
    @picocli.CommandLine.Mixin io.sequoia.cli.TrainingOptions training = io.sequoia.cli.TrainingOptions.defaults(30, 64, 0.005, 17, 1.0);
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Option(names = "--models", split = ",", description = "Any of lstm, gru, rnn (default ${DEFAULT-VALUE}).") List<String> models = List.of("lstm", "gru", "rnn");

    /** A recurrent layer over (N, T, 2), then a linear head on the last step. */
    public static final class LastStep extends Module {
        final RNNBase rnn;
        final Linear head;

        public LastStep(RNNBase rnn) {
            this.rnn = registerModule("rnn", rnn);
            this.head = registerModule("head", new Linear(rnn.hiddenSize(), 1));
        }

        @Override public Tensor forward(Tensor x) {
            Tensor out = rnn.forward(x);
            return head.forward(out.select(1, out.size(1) - 1));
        }
    }

    public static RNNBase layer(String name, int hidden) {
        switch (name) {
            case "lstm": return new LSTM(2, hidden, 1, true, true, 0, false);
            case "gru": return new GRU(2, hidden, 1, true, true, 0, false);
            case "rnn": return new RNN(2, hidden, 1, "tanh", true, true, 0, false);
            default: throw new IllegalArgumentException("adding: unknown model; expected lstm, gru or rnn, got " + name);
        }
    }

    @Override public Integer call() {
        training.refuseCheckpointing(spec);
        training.check(spec);
        io.sequoia.cli.Usage.require(spec, seq >= 2 && hidden >= 1 && train >= 1, "--seq, --hidden, --train", "seq >= 2, positive sizes",
                seq + ", " + hidden + ", " + train);
        for (String name : models) io.sequoia.cli.Usage.require(spec, List.of("lstm", "gru", "rnn").contains(name), "--models", "lstm, gru or rnn", name);
        io.sequoia.cli.Usage.refuseUnless(spec, "--out", false, "(the lab prints a table and writes no model)");
        io.sequoia.cli.Usage.refuseUnless(spec, "--overwrite", false, "(the lab prints a table and writes no model)");
        long seed = training.seed;
        int epochs = training.epochs;
        PrintStream out = System.out;
        Tensor[] tr = AddingProblem.generate(train, seq, new Generator(seed)), va = AddingProblem.generate(512, seq, new Generator(seed + 1));
        out.printf(Locale.ROOT, "Adding problem, T=%d, %d training sequences; predicting the mean gives MSE %.4f%n", seq, train, AddingProblem.BASELINE_MSE);
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String name : models) {
            Generator.manualSeed(seed);
            Model m = new Model(new LastStep(layer(name, hidden))).logTo(new PrintStream(new ByteArrayOutputStream()));
            m.compile("adam", training.lr, "mse");
            long t0 = System.nanoTime();
            History h = m.fit(tr[0], tr[1], FitOptions.epochs(epochs).batchSize(training.batchSize).validationData(va[0], va[1])
                    .clipNorm(training.clip).maxMinutes(training.maxMinutes).verbose(0));
            seconds.put(name, (System.nanoTime() - t0) / 1e9);
            curves.put(name, new ArrayList<>(h.get("val_loss")));
            out.printf(Locale.ROOT, "%-5s final validation MSE %.4f (%.1f s)%n", name, h.get("val_loss").get(h.epochs() - 1), seconds.get(name));
        }
        out.printf("%nValidation MSE per epoch:%n epoch");
        for (String n : curves.keySet()) out.printf(" %9s", n);
        out.println();
        int shown = curves.values().stream().mapToInt(List::size).min().orElse(0);   // fewer with --max-minutes
        for (int e = 0; e < shown; e++) {
            out.printf(Locale.ROOT, "%6d", e + 1);
            for (List<Double> c : curves.values()) out.printf(Locale.ROOT, " %9.4f", c.get(e));
            out.println();
        }
        if (training.json) {
            java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("seq", seq);
            curves.forEach((k, v) -> {
                java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
                r.put("val_mse", io.sequoia.cli.JsonLine.rounded(v.get(v.size() - 1), 6));
                r.put("seconds", io.sequoia.cli.JsonLine.rounded(seconds.get(k), 1));
                row.put(String.valueOf(k), r);
            });
            out.println(io.sequoia.cli.JsonLine.of(row));
        }
        return 0;
    }
}
