package io.sequoia.cli.translation;

import io.sequoia.data.parallel.ParallelCorpus;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;

/** Where the training pairs come from: two aligned files, or a TSV with two columns; and what to do with bad pairs. */
final class ParallelOptions {
    @Option(names = "--train-src", paramLabel = "FILE", description = "Training sources, one sentence per line.") Path trainSrc;
    @Option(names = "--train-tgt", paramLabel = "FILE", description = "Training targets, line i translating line i of --train-src.") Path trainTgt;
    @Option(names = "--data", paramLabel = "FILE", description = "Or: one tab-separated file holding both sides (see --src-col, --tgt-col).") Path data;
    @Option(names = "--src-col", description = "TSV: 1-based source column (default: ${DEFAULT-VALUE}).") int srcCol = 1;
    @Option(names = "--tgt-col", description = "TSV: 1-based target column (default: ${DEFAULT-VALUE}).") int tgtCol = 2;
    @Option(names = "--max-words", description = "Longest side allowed, in words (0 = no limit, default); longer pairs are errors unless --skip-bad-pairs.")
    int maxWords;
    @Option(names = "--skip-bad-pairs", description = "Leave out empty and over-long pairs (they are counted and listed) instead of stopping.") boolean skip;
    @Option(names = "--encoding", description = "Encoding of the text files (default: ${DEFAULT-VALUE}).") String encoding = "UTF-8";

    ParallelCorpus.Options options() {
        return ParallelCorpus.Options.defaults().maxWords(maxWords).skipBadPairs(skip).charset(Charset.forName(encoding));
    }

    ParallelCorpus read(picocli.CommandLine.Model.CommandSpec spec) throws IOException {
        boolean files = trainSrc != null || trainTgt != null;
        if (files && data != null) throw io.sequoia.cli.Usage.error(spec, "give --train-src/--train-tgt or --data, not both");
        io.sequoia.cli.Usage.requireFile(spec, "--data", data);
        io.sequoia.cli.Usage.requireFile(spec, "--train-src", trainSrc);
        io.sequoia.cli.Usage.requireFile(spec, "--train-tgt", trainTgt);
        ParallelCorpus c;
        if (data != null) {
            io.sequoia.cli.Usage.require(spec, srcCol >= 1 && tgtCol >= 1 && srcCol != tgtCol, "--src-col/--tgt-col", "two different columns >= 1", srcCol + "/" + tgtCol);
            c = ParallelCorpus.readTsv(data, srcCol - 1, tgtCol - 1, options());
        } else {
            if (trainSrc == null || trainTgt == null) {
                throw io.sequoia.cli.Usage.error(spec, "training pairs needed; expected --train-src FILE --train-tgt FILE, or --data FILE.tsv");
            }
            c = ParallelCorpus.readAligned(trainSrc, trainTgt, options());
        }
        for (int i = 0; i < Math.min(5, c.skipped().size()); i++) System.out.println("skipped " + c.skipped().get(i));
        if (c.skipped().size() > 5) System.out.println("... " + (c.skipped().size() - 5) + " more skipped");
        return c;
    }
}
