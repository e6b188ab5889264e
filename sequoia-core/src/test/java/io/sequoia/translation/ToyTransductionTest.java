package io.sequoia.translation;

import io.sequoia.data.decoding.LengthPenalty;
import io.sequoia.data.parallel.ParallelCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The toy transduction tasks with a small Transformer (d 64, 2 + 2 layers), scored on 100
 * strings never seen in training (seeded). Normalising dates written three ways to ISO form is
 * learned exactly. Copying, reversing and sorting strings of 3–10 digits with repeated digits reach
 * 93–100 % exact match with the settings here (docs/labs.md: the misses are runs of one digit
 * counted one short or long); the tests hold copying to at least 90 % and reversing and sorting to
 * 80 % (sorting: 94 with AVX-512, 81 with AVX2, same seed), not to the 100 %.
 */
class ToyTransductionTest {
    @TempDir Path tmp;

    /** {@code n} distinct source strings, the first {@code n - test} for training and the rest held out. */
    private static List<String> distinct(int n, Random rnd, Function<Random, String> make) {
        return distinct(n, 0, rnd, make, make);
    }

    /**
     * {@code test} distinct strings from {@code makeTest} placed last, after {@code train} strings drawn
     * from {@code make} (repeats allowed, as a corpus has them) that are none of the test strings.
     */
    private static List<String> distinct(int train, int test, Random rnd, Function<Random, String> make, Function<Random, String> makeTest) {
        Set<String> held = new LinkedHashSet<>();
        while (held.size() < test) held.add(makeTest.apply(rnd));
        List<String> all = new ArrayList<>();
        while (all.size() < train) {
            String x = make.apply(rnd);
            if (!held.contains(x)) all.add(x);
        }
        all.addAll(held);
        return all;
    }

    /**
     * A string of {@code min..max} digits drawn from the first k digits, k uniform in 2..10: small
     * alphabets give the runs of repeated digits a model must learn to count (test strings use all ten).
     */
    private static String digits(Random rnd, int min, int max) {
        return digits(rnd, min, max, 2 + rnd.nextInt(9));
    }

    private static String digits(Random rnd, int min, int max, int alphabet) {
        int len = min + rnd.nextInt(max - min + 1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < len; i++) b.append(i == 0 ? "" : " ").append(rnd.nextInt(alphabet));
        return b.toString();
    }

    /** {@link TranslatorTest#small}'s settings for a Transformer of d 64, 4 heads, 2 + 2 layers, feed-forward 128. */
    private static TranslatorTrainer.Options transformer() {
        TranslatorTrainer.Options o = TranslatorTest.small("transformer");
        o.heads = 4;
        o.layers = 2;
        o.feedforward = 128;
        o.lr = 5e-3;
        o.warmup = 200;
        o.epochs = 30;
        o.seed = 3;
        return o;
    }

    /** Trains on all but the last {@code test} strings and asserts at least {@code minExact} of those are translated exactly. */
    private void learned(String name, List<String> src, Function<String, String> target, int test, int minExact, TranslatorTrainer.Options o) throws IOException {
        List<String> tgt = src.stream().map(target).toList();
        int n = src.size() - test;
        Path s = tmp.resolve(name + ".src"), t = tmp.resolve(name + ".tgt");
        Files.write(s, src.subList(0, n));
        Files.write(t, tgt.subList(0, n));
        ParallelCorpus train = ParallelCorpus.readAligned(s, t, ParallelCorpus.Options.defaults());
        long t0 = System.nanoTime();
        Translator tr = TranslatorTrainer.train(train, null, o, null, null).translator();
        List<String> out = tr.translate(src.subList(n, src.size()), 1, LengthPenalty.none());
        int exact = 0;
        for (int i = 0; i < test; i++) if (out.get(i).equals(tgt.get(n + i))) exact++;
        System.out.printf("%s: %d/%d exact, %.1f s%n", name, exact, test, (System.nanoTime() - t0) / 1e9);
        if (minExact == test) assertEquals(tgt.subList(n, src.size()), out, name);
        else assertTrue(exact >= minExact, name + ": " + exact + "/" + test + " exact, expected at least " + minExact + "\n" + out);
    }

    @Test void copyingDigitStringsWithRepeatsOfVariableLength() throws IOException {
        learned("copy", distinct(3000, 100, new Random(1), r -> digits(r, 1, 10), r -> digits(r, 3, 10, 10)), x -> x, 100, 90, transformer());
    }

    @Test void reversingDigitStrings() throws IOException {
        learned("reverse", distinct(3000, 100, new Random(2), r -> digits(r, 1, 10), r -> digits(r, 3, 10, 10)), x -> {
            List<String> d = new ArrayList<>(Arrays.asList(x.split(" ")));
            java.util.Collections.reverse(d);
            return String.join(" ", d);
        }, 100, 80, transformer());   // 80: the seeded score rides on last-bit arithmetic (see sortingDigitStrings)
    }

    @Test void sortingDigitStrings() throws IOException {
        learned("sort", distinct(3000, 100, new Random(3), r -> digits(r, 1, 10), r -> digits(r, 3, 10, 10)), x -> {
            String[] d = x.split(" ");
            Arrays.sort(d);
            return String.join(" ", d);
        }, 100, 80, transformer());   // 94 with 512-bit vectors, 81 with 256-bit ones (-XX:UseAVX=2): the vector width
    }                                  // changes the order of float sums, and the seeded score rides on the last bits

    private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"};

    /** "7 March 1994", "March 7 , 1994" or "07 / 03 / 1994" (day first) → "1994 - 03 - 07". */
    @Test void normalisingDatesToIsoForm() throws IOException {
        TranslatorTrainer.Options dates = transformer();
        dates.batchSize = 32;
        dates.epochs = 20;
        dates.lr = 3e-3;
        Random rnd = new Random(4);
        List<String> src = distinct(2100, rnd, r -> {
            int y = 1950 + r.nextInt(100), m = 1 + r.nextInt(12), d = 1 + r.nextInt(28);
            return switch (r.nextInt(3)) {
                case 0 -> d + " " + MONTHS[m - 1] + " " + y;
                case 1 -> MONTHS[m - 1] + " " + d + " , " + y;
                default -> String.format("%02d / %02d / %d", d, m, y);
            };
        });
        learned("dates", src, x -> {
            String[] w = x.split(" ");
            int d, m, y;
            if (w.length == 3) { d = Integer.parseInt(w[0]); m = Arrays.asList(MONTHS).indexOf(w[1]) + 1; y = Integer.parseInt(w[2]); }
            else if (w[1].equals("/") || w.length == 5) { d = Integer.parseInt(w[0]); m = Integer.parseInt(w[2]); y = Integer.parseInt(w[4]); }
            else { m = Arrays.asList(MONTHS).indexOf(w[0]) + 1; d = Integer.parseInt(w[1]); y = Integer.parseInt(w[3]); }
            return String.format("%d - %02d - %02d", y, m, d);
        }, 100, 100, dates);
    }
}
