package io.sequoia.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A small seeded sentiment set: texts of positive or negative words with filler, labels "pos"/"neg". */
final class ToyTexts {
    private ToyTexts() {}

    static final String[] POS = {"good", "great", "fine", "lovely", "superb"}, NEG = {"bad", "awful", "poor", "dull", "terrible"},
            FILL = {"the", "film", "was", "plot", "and", "acting", "a", "story", "really", "quite"};

    record Data(List<String> texts, List<String> labels) {}

    static Data make(int n, long seed) {
        Random r = new Random(seed);
        List<String> texts = new ArrayList<>(), labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean pos = r.nextBoolean();
            StringBuilder sb = new StringBuilder();
            int len = 4 + r.nextInt(6);
            for (int t = 0; t < len; t++) {
                String[] from = r.nextInt(3) == 0 ? (pos ? POS : NEG) : FILL;
                sb.append(t == 0 ? "" : " ").append(from[r.nextInt(from.length)]);
            }
            texts.add(sb.toString());
            labels.add(pos ? "pos" : "neg");
        }
        return new Data(texts, labels);
    }
}
