package io.sequoia.cli.text;

import io.sequoia.data.DatasetRegistry;
import io.sequoia.data.TextDatasets;
import io.sequoia.data.text.Word2Vec;
import io.sequoia.data.text.WordTokenizer;
import io.sequoia.data.text.WordVectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code sequoia word2vec}: trains word vectors on the texts of a corpus, prints the loss and nearest neighbours, saves them. */
@Command(name = "word2vec", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train word2vec (skip-gram or CBOW, negative sampling) on a corpus's texts and save the vectors.")
public final class Word2VecCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin DataOptions data = new DataOptions();
    @Option(names = "--also", paramLabel = "PATH|NAME", split = ",",
            description = "More corpora whose training texts join the first (format detected from each path), e.g. --data mr --also imdb.")
    List<String> also = List.of();
    @Option(names = "--cbow", description = "CBOW instead of skip-gram.") boolean cbow;
    @Option(names = "--dim", description = "Vector size (default: ${DEFAULT-VALUE}).") int dim = 100;
    @Option(names = "--window", description = "Context window (default: ${DEFAULT-VALUE}).") int window = 5;
    @Option(names = "--negative", description = "Negative samples (default: ${DEFAULT-VALUE}).") int negative = 5;
    @Option(names = "--min-count", description = "Minimum word count (default: ${DEFAULT-VALUE}).") int minCount = 5;
    @Option(names = "--epochs", description = "Epochs (default: ${DEFAULT-VALUE}).") int epochs = 5;
    @Option(names = "--sample", description = "Sub-sampling threshold (default: ${DEFAULT-VALUE}).") double sample = 1e-3;
    @Option(names = "--seed", description = "Seed (default: ${DEFAULT-VALUE}).") long seed = 1;
    @Option(names = "--query", split = ",", description = "Words whose nearest neighbours are printed (default: ${DEFAULT-VALUE}).")
    List<String> query = List.of("good", "bad", "funny", "boring", "actor", "film");
    @Option(names = "--split-contractions", description = "Split English clitics as the Penn Treebank does (do n't, it 's), "
            + "to match treebank-tokenised data such as SST or CoNLL (default: kept whole).") boolean splitContractions;
    @Option(names = "--keep-case", description = "Do not lower-case the words.") boolean keepCase;
    @Option(names = "--out", paramLabel = "FILE", description = "Write the vectors (word2vec text; .bin: binary).") Path out;

    private static final Pattern HTML = Pattern.compile("<[^<>]{1,40}>");

    @Override public Integer call() throws Exception {
        io.sequoia.cli.Usage.require(spec, dim >= 1, "--dim", "at least 1", dim);
        io.sequoia.cli.Usage.require(spec, window >= 1, "--window", "at least 1", window);
        io.sequoia.cli.Usage.require(spec, negative >= 1, "--negative", "at least 1", negative);
        io.sequoia.cli.Usage.require(spec, minCount >= 1, "--min-count", "at least 1", minCount);
        io.sequoia.cli.Usage.require(spec, epochs >= 1, "--epochs", "at least 1", epochs);
        io.sequoia.cli.Usage.requireWritableFile(spec, "--out", out, "the vectors");
        checkMemory(2);                                           // before reading: the corpus needs at least 2 words
        Path p = data.path(spec);
        List<String> texts = new ArrayList<>(data.read(p, "train").texts());
        StringBuilder names = new StringBuilder(p.toString());
        for (String extra : also) {
            Path q = DatasetRegistry.locate(extra, DatasetRegistry.defaultSharedRoot(), DatasetRegistry.defaultCache());
            texts.addAll(TextDatasets.read(q, TextDatasets.detect(q), "train", null, null, true).texts());
            names.append(" + ").append(q);
        }
        WordTokenizer tok = new WordTokenizer(!keepCase, WordTokenizer.Punctuation.SPLIT,
                splitContractions ? WordTokenizer.Contractions.SPLIT : WordTokenizer.Contractions.KEEP);
        List<List<String>> sentences = new ArrayList<>(texts.size());
        long tokens = 0;
        for (String t : texts) {
            List<String> s = tok.tokenize(HTML.matcher(t).replaceAll(" "));
            tokens += s.size();
            sentences.add(s);
        }
        System.out.printf(Locale.ROOT, "%s: %d texts, %d tokens; %s, dim %d, window %d, negative %d, min-count %d, %d epochs%n", names, texts.size(), tokens,
                cbow ? "CBOW" : "skip-gram", dim, window, negative, minCount, epochs);
        long t0 = System.nanoTime();
        Word2Vec w = Word2Vec.train(sentences, new Word2Vec.Options().architecture(cbow ? Word2Vec.Architecture.CBOW : Word2Vec.Architecture.SKIP_GRAM)
                .dim(dim).window(window).negative(negative).minCount(minCount).epochs(epochs).sample(sample).seed(seed)
                .beforeAllocating(this::checkMemory));               // and with the counted vocabulary, before the vectors are allocated
        System.out.printf(Locale.ROOT, "%d words in %.1f s; loss per epoch %s%n", w.words().size(), (System.nanoTime() - t0) / 1e9, fmt(w.epochLoss()));
        for (String q : query) {
            if (!w.words().contains(q)) { System.out.println(q + ": (not in the vocabulary)"); continue; }
            StringBuilder sb = new StringBuilder();
            for (Word2Vec.Neighbour n : w.nearest(q, 8)) sb.append(String.format(Locale.ROOT, " %s %.2f", n.word(), n.similarity()));
            System.out.println(q + ":" + sb);
        }
        if (out != null) {
            WordVectors v = w.vectors();
            if (out.getFileName().toString().endsWith(".bin")) v.writeWord2vecBinary(out); else v.writeText(out, true);
            System.out.println("Saved " + out);
        }
        return 0;
    }

    /**
     * Refuses (exit 2) vectors that cannot fit: a word vector and an output vector of --dim floats for every word of
     * the vocabulary (no optimizer state: plain SGD), against the heap and against Java's largest array (one table holds them).
     */
    private void checkMemory(int vocab) {
        String values = dim + ", " + minCount;
        io.sequoia.cli.MemoryBudget.require(spec, "--dim, --min-count", values,
                String.format(Locale.ROOT, "the vectors of %s (two tables of words x dim floats)", vocab <= 2 ? "at least 2 words" : vocab + " words"), 8.0 * vocab * dim);
        if ((long) vocab * dim > Word2Vec.MAX_ARRAY) {
            throw io.sequoia.cli.Usage.error(spec, String.format(Locale.ROOT, "--dim, --min-count: a table of %s x dim %d = %,d floats is larger than Java's largest array; "
                    + "expected at most %,d, got %s (Hint: a smaller --dim or a higher --min-count)", vocab <= 2 ? "2 words" : vocab + " words", dim,
                    (long) vocab * dim, Word2Vec.MAX_ARRAY, values));
        }
    }

    private static String fmt(List<Double> l) {
        StringBuilder sb = new StringBuilder("[");
        for (double x : l) sb.append(sb.length() > 1 ? ", " : "").append(String.format(Locale.ROOT, "%.4f", x));
        return sb.append(']').toString();
    }
}
