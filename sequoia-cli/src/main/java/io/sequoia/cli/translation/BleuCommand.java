package io.sequoia.cli.translation;

import io.sequoia.data.parallel.ParallelCorpus;
import io.sequoia.translation.Bleu;
import io.sequoia.translation.ChrF;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sequoia bleu --hyp FILE --ref FILE}: corpus BLEU and chrF as sacreBLEU computes them by default. */
@Command(name = "bleu", mixinStandardHelpOptions = true,
        description = "Corpus BLEU (sacreBLEU's default: 13a tokenisation, exp smoothing) and chrF2 of a hypothesis file against a reference file.")
public final class BleuCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Option(names = "--hyp", required = true, paramLabel = "FILE", description = "System output, one sentence per line.") Path hyp;
    @Option(names = "--ref", required = true, paramLabel = "FILE", description = "References, line i for line i.") Path ref;
    @Option(names = "--json", description = "Print the scores as one JSON object on the last line.") boolean json;

    @Override public Integer call() throws Exception {
        io.sequoia.cli.Usage.requireFile(spec, "--hyp", hyp);
        io.sequoia.cli.Usage.requireFile(spec, "--ref", ref);
        List<String> h = ParallelCorpus.readLines(hyp, StandardCharsets.UTF_8), r = ParallelCorpus.readLines(ref, StandardCharsets.UTF_8);
        if (h.size() != r.size()) {
            throw new IllegalArgumentException("bleu: the hypothesis and reference files must have the same number of lines; expected "
                    + r.size() + " (" + ref + "), got " + h.size() + " (" + hyp + ")");
        }
        Bleu.Score b = Bleu.corpus(h, r);
        double c = ChrF.corpus(h, r);
        System.out.println(b + "  " + b.signature());
        System.out.printf(Locale.ROOT, "chrF2 = %.2f  %s%n", c, ChrF.SIGNATURE);
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bleu", b.score());
            m.put("chrf", c);
            System.out.println(io.sequoia.cli.JsonLine.of(m));
        }
        return 0;
    }
}
