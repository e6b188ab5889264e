package io.sequoia.cli.translation;

import io.sequoia.data.decoding.LengthPenalty;
import io.sequoia.data.parallel.ParallelCorpus;
import io.sequoia.translation.Translator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code sequoia translate --model DIR [--beam K] "Ein Mann fährt Fahrrad."} or {@code --input FILE}:
 * one translation per line on standard output (with {@code --n-best K}: K candidates per source,
 * {@code i ||| score ||| text}); timing goes to standard error.
 */
@Command(name = "translate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Translate sentences with a model folder written by 'train translator'.")
public final class TranslateCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A translator folder.") Path model;
    @Option(names = "--input", paramLabel = "FILE", description = "Sentences to translate, one per line (UTF-8).") Path input;
    @Option(names = "--beam", description = "Beam width; 1 = greedy (default: the model's, 5).") Integer beam;
    @Option(names = "--length-penalty", paramLabel = "KIND[:ALPHA]", description = "none, average[:alpha] or gnmt[:alpha] (default: the model's, average:2.5).")
    String lengthPenalty;
    @Option(names = "--n-best", paramLabel = "K", description = "Print the K best candidates with their scores (K <= beam).") int nBest = 1;
    @Option(names = "--plot-attention", paramLabel = "FILE.png", description = "Draw the first sentence's source-target attention.") Path plot;
    @Parameters(arity = "0..*", paramLabel = "TEXT", description = "Sentences to translate.") List<String> texts = new ArrayList<>();

    @Override public Integer call() throws Exception {
        io.sequoia.cli.Usage.requireWritableFile(spec, "--plot-attention", plot, "the attention plot (PNG)");
        String task = io.sequoia.cli.ModelTasks.task(spec, model);
        if (!task.equals(Translator.TASK)) throw io.sequoia.cli.ModelTasks.unsupported(spec, model, task);
        if (input == null && texts.isEmpty()) throw usage("nothing to translate; expected TEXT arguments or --input FILE");
        if (beam != null && beam < 1) throw usage("--beam must be at least 1 (1 = greedy); got " + beam);   // before the model is loaded
        List<String> src = new ArrayList<>(texts);
        if (input != null) src.addAll(ParallelCorpus.readLines(input, StandardCharsets.UTF_8));
        Translator t = Translator.load(model);
        int k = beam != null ? beam : t.defaultBeam();
        LengthPenalty lp = lengthPenalty != null ? LengthPenalty.parse(lengthPenalty) : t.defaultPenalty();
        if (k < 1) throw usage("--beam must be at least 1; got " + k);
        if (nBest < 1 || nBest > Math.max(k, 1)) throw usage("--n-best must be in [1, beam]; expected <= " + k + ", got " + nBest);
        int vt = t.model().targetVocabSize();
        io.sequoia.cli.MemoryBudget.require(spec, "--beam", Integer.toString(k), "the beam search's scores of " + k + " hypotheses over the target vocabulary of " + vt,
                TrainTranslatorCommand.beamBound(k, vt));
        long t0 = System.nanoTime();
        List<List<Translator.Candidate>> out = t.translate(src, k, lp, nBest);
        double secs = (System.nanoTime() - t0) / 1e9;
        for (int i = 0; i < out.size(); i++) {
            if (nBest == 1) System.out.println(out.get(i).isEmpty() ? "" : out.get(i).get(0).text());
            else for (Translator.Candidate c : out.get(i)) System.out.printf(Locale.ROOT, "%d ||| %.4f ||| %s%n", i, c.score(), c.text());
        }
        System.err.printf(Locale.ROOT, "%d sentences in %.2f s (%.1f sentences/s, beam %d, length penalty %s)%n", src.size(), secs, src.size() / secs, k, lp);
        if (plot != null) AlignmentPlot.write(plot, t.align(src.get(0), lp, k));
        return 0;
    }

    private CommandLine.ParameterException usage(String msg) {
        return new CommandLine.ParameterException(new CommandLine(this), "translate: " + msg);
    }
}
