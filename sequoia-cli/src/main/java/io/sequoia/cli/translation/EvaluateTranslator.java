package io.sequoia.cli.translation;

import io.sequoia.data.decoding.LengthPenalty;
import io.sequoia.data.parallel.ParallelCorpus;
import io.sequoia.translation.Bleu;
import io.sequoia.translation.ChrF;
import io.sequoia.translation.Translator;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The translator branch of {@code sequoia evaluate}: its options (a picocli mixin of the evaluate
 * command) and {@link #run}, which translates {@code --src}, scores against {@code --ref} and prints
 * BLEU (with sacreBLEU's signature), chrF and sentences/s.
 */
public final class EvaluateTranslator {
    @Option(names = "--src", paramLabel = "FILE", description = "Translators: sources to translate.") Path src;
    @Option(names = "--ref", paramLabel = "FILE", description = "Translators: references, line i for line i of --src.") Path ref;
    @Option(names = "--beam", description = "Translators: beam width (default: the model's, 5).") Integer beam;
    @Option(names = "--hyp-out", paramLabel = "FILE", description = "Translators: also write the translations here.") public Path hypOut;
    @Option(names = "--plot-attention", paramLabel = "FILE.png", description = "Translators: draw the first sentence's attention.") public Path plot;

    /** Runs the evaluation; returns the exit code. */
    public int run(Path model, boolean json) throws IOException {
        if (src == null || ref == null) {
            throw new IllegalArgumentException("evaluate: a translator needs --src FILE and --ref FILE; got " + (src == null ? "no --src" : "no --ref"));
        }
        List<String> s = ParallelCorpus.readLines(src, StandardCharsets.UTF_8), r = ParallelCorpus.readLines(ref, StandardCharsets.UTF_8);
        if (s.size() != r.size()) {
            throw new IllegalArgumentException("evaluate: --src and --ref must have the same number of lines; expected " + s.size() + ", got " + r.size() + " (" + ref + ")");
        }
        Translator t = Translator.load(model);
        int k = beam != null ? beam : t.defaultBeam();
        LengthPenalty lp = t.defaultPenalty();
        long t0 = System.nanoTime();
        List<String> hyp = t.translate(s, k, lp);
        double secs = (System.nanoTime() - t0) / 1e9;
        if (hypOut != null) io.sequoia.io.AtomicFiles.writeString(hypOut, String.join("\n", hyp) + "\n");
        Bleu.Score b = Bleu.corpus(hyp, r);
        double chrf = ChrF.corpus(hyp, r);
        System.out.printf(Locale.ROOT, "%s on %s (beam %d, length penalty %s):%n%s  %s%nchrF2 = %.2f%n%.1f sentences/s (%d sentences in %.1f s)%n",
                model, src, k, lp, b, b.signature(), chrf, s.size() / secs, s.size(), secs);
        if (plot != null) AlignmentPlot.write(plot, t.align(s.get(0), lp, k));
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bleu", b.score());
            m.put("chrf", chrf);
            m.put("sentences_per_second", s.size() / secs);
            System.out.println(io.sequoia.cli.JsonLine.of(m));
        }
        return 0;
    }
}
