package io.sequoia.export;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.tagging.SequenceTagger;
import io.sequoia.tagging.Tagger;
import io.sequoia.tagging.TaggerBatch;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The tagger network ({@link SequenceTagger}) as a PyTorch module: word ⊕ character ⊕ casing
 * embeddings → bidirectional LSTM/GRU over the packed sentence → emissions, and the CRF's
 * parameters with a Viterbi {@code decode}. The input is Sequoia's batch layout (characters once per
 * distinct word of the batch, gathered back to positions), so the emissions match at every position.
 */
final class PytorchTagger {
    private PytorchTagger() {}

    static PytorchExport.Piece build(Tagger tagger) {
        SequenceTagger net = tagger.network();
        Map<String, Object> c = net.config();
        String charMode = (String) c.get("char_mode");
        int vocab = n(c, "vocab_size"), embed = n(c, "embed_dim"), charVocab = n(c, "char_vocab_size"), charDim = n(c, "char_dim");
        int charFeatures = n(c, "char_features"), casing = n(c, "casing_dim"), hidden = n(c, "hidden_size"), tags = n(c, "num_tags");
        String rnn = "gru".equals(c.get("rnn_type")) ? "nn.GRU" : "nn.LSTM";
        double dropout = ((Number) c.get("dropout")).doubleValue();
        boolean crf = net.usesCrf();
        int in = embed + (charMode.equals("none") ? 0 : charFeatures) + Math.max(casing, 0);
        StringBuilder sb = new StringBuilder(PytorchExport.PACKED_HELPER);
        if (crf) sb.append(CRF);
        sb.append("TAGS = ").append(PytorchExport.pyList(tagger.labels())).append("   # tag ids, in the training scheme\n\n\n");
        sb.append("class Model(nn.Module):\n");
        sb.append("    \"\"\"Sequoia's '" + tagger.spec().model() + "' tagger, characters '" + charMode + "': word ⊕ characters ⊕ casing → dropout → Bi"
                + (rnn.equals("nn.GRU") ? "GRU" : "LSTM") + " → dropout → emissions" + (crf ? " → CRF" : "") + ".\"\"\"\n\n");
        sb.append("    def __init__(self):\n        super().__init__()\n");
        sb.append("        self.word_embedding = nn.Embedding(" + vocab + ", " + embed + ", padding_idx=0)\n");
        if (!charMode.equals("none")) sb.append("        self.char_embedding = nn.Embedding(" + charVocab + ", " + charDim + ", padding_idx=0)\n");
        if (charMode.equals("cnn")) sb.append("        self.char_cnn = nn.Conv1d(" + charDim + ", " + charFeatures + ", 3, padding=1)\n");
        if (charMode.equals("lstm")) sb.append("        self.char_lstm = nn.LSTM(" + charDim + ", " + charFeatures / 2 + ", batch_first=True, bidirectional=True)\n");
        if (casing > 0) sb.append("        self.casing_embedding = nn.Embedding(" + SequenceTagger.CASING_CLASSES + ", " + casing + ", padding_idx=0)\n");
        sb.append("        self.dropout = nn.Dropout(" + dropout + ")\n");
        sb.append("        self.rnn = " + rnn + "(" + in + ", " + hidden + ", batch_first=True, bidirectional=True)\n");
        sb.append("        self.hidden2tag = nn.Linear(" + 2 * hidden + ", " + tags + ")\n");
        if (crf) {
            io.sequoia.nn.crf.TransitionConstraints k = net.crf.constraints();
            sb.append("        self.crf = CRF(" + tags + (k == null ? "" : ", " + pyBools(k.start()) + ", " + pyBools(k.end()) + ", " + pyBools(k.allowed())) + ")"
                    + (k == null ? "" : "   # " + k.scheme() + " constraints: allowed start, end and transitions[from][to]") + "\n");
        }
        sb.append("""

                    def forward(self, words, casing, chars=None, char_lengths=None, char_index=None):
                        \"\"\"words, casing (N, L): word and casing-class ids, 0 = padding at the end; chars (U, C): the character ids of
                        the batch's U distinct words (0 = padding), char_lengths (U), char_index (N·L): which distinct word each
                        position holds → emissions (N, L, len(TAGS)).\"\"\"
                        n, length = words.shape
                        parts = [self.word_embedding(words)]
                """);
        if (charMode.equals("cnn")) {
            sb.append("""
                            e = self.dropout(self.char_embedding(chars))                    # (U, C, char_dim)
                            conv = self.char_cnn(e.transpose(1, 2))                         # (U, F, C)
                            padded = torch.arange(chars.size(1)) >= char_lengths.unsqueeze(1)
                            per_word = (conv + padded.unsqueeze(1) * -1e4).max(2).values    # padded characters never win the max
                            parts.append(per_word[char_index].reshape(n, length, -1))
                    """);
        } else if (charMode.equals("lstm")) {
            sb.append("""
                            e = self.dropout(self.char_embedding(chars))                    # (U, C, char_dim)
                            _, (h, _) = packed(self.char_lstm, e, char_lengths)             # h (2, U, F/2)
                            per_word = h.transpose(0, 1).reshape(chars.size(0), -1)         # forward ⊕ backward final states
                            parts.append(per_word[char_index].reshape(n, length, -1))
                    """);
        }
        if (casing > 0) sb.append("        parts.append(self.casing_embedding(casing))\n");
        sb.append("""
                        h, _ = packed(self.rnn, self.dropout(torch.cat(parts, 2)), (words != 0).sum(1))
                        return self.hidden2tag(self.dropout(h))

                    def decode(self, emissions, mask):
                        \"\"\"The best tag ids of each sentence (mask (N, L): 1 = a real token).\"\"\"
                """);
        sb.append(crf ? "        return self.crf.decode(emissions, mask)\n"
                : "        return [row[: int(m.sum())].tolist() for row, m in zip(emissions.argmax(2), mask)]\n");

        List<List<String>> sentences = List.of(List.of("Anna", "lives", "in", "Paris", "."), List.of("Bob"),
                List.of("the", "NEW", "word", "x-42", "in", "Rome", "today"));
        TaggerBatch b = tagger.encode(sentences);
        Tensor em;
        List<int[]> paths;
        net.eval();
        try (var g = GradMode.noGrad()) {
            em = net.emissions(b);
            paths = net.decode(em, b);
        }
        int len = b.words().size(1);
        float[] best = new float[paths.size() * len];
        Arrays.fill(best, -1);
        for (int i = 0; i < paths.size(); i++) for (int t = 0; t < paths.get(i).length; t++) best[i * len + t] = paths.get(i)[t];
        Example ex = new Example().ids("words", b.words()).ids("casing", b.casing());
        if (!charMode.equals("none")) ex.ids("chars", b.chars()).ids("char_lengths", b.charLengths()).ids("char_index", b.charIndex());
        return new PytorchExport.Piece(sb.toString(), ex.output("emissions", em).output("tags", Tensor.of(best, paths.size(), len)));
    }

    private static int n(Map<String, Object> c, String k) { return ((Number) c.get(k)).intValue(); }

    /** pytorch-crf's parameters and Viterbi decoding, with the scheme's forbidden moves at −∞ as Sequoia's CRF. */
    private static final String CRF = """
            class CRF(nn.Module):
                \"\"\"pytorch-crf's linear-chain CRF parameters: start and end scores per tag, transitions[from, to].\"\"\"

                def __init__(self, num_tags, allowed_start=None, allowed_end=None, allowed=None):
                    super().__init__()
                    self.start_transitions = nn.Parameter(torch.zeros(num_tags))
                    self.end_transitions = nn.Parameter(torch.zeros(num_tags))
                    self.transitions = nn.Parameter(torch.zeros(num_tags, num_tags))
                    ok = lambda a, shape: torch.ones(shape, dtype=torch.bool) if a is None else torch.tensor(a)
                    self.register_buffer("allowed_start", ok(allowed_start, num_tags), persistent=False)
                    self.register_buffer("allowed_end", ok(allowed_end, num_tags), persistent=False)
                    self.register_buffer("allowed", ok(allowed, (num_tags, num_tags)), persistent=False)

                def decode(self, emissions, mask):
                    \"\"\"Viterbi: the best tag ids of each sequence, emissions (N, L, T), mask (N, L) real steps then padding.\"\"\"
                    never = float("-inf")
                    start = self.start_transitions.masked_fill(~self.allowed_start, never)
                    end = self.end_transitions.masked_fill(~self.allowed_end, never)
                    transitions = self.transitions.masked_fill(~self.allowed, never)
                    paths = []
                    for em, m in zip(emissions, mask):
                        length = int(m.sum())
                        score = start + em[0]
                        back = []
                        for t in range(1, length):
                            best, arg = (score.unsqueeze(1) + transitions).max(0)
                            score = best + em[t]
                            back.append(arg)
                        tag = int((score + end).argmax())
                        path = [tag]
                        for arg in reversed(back):
                            tag = int(arg[tag])
                            path.append(tag)
                        paths.append(path[::-1])
                    return paths


            """;

    private static String pyBools(boolean[] b) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < b.length; i++) sb.append(i > 0 ? ", " : "").append(b[i] ? "True" : "False");
        return sb.append(']').toString();
    }

    private static String pyBools(boolean[][] b) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < b.length; i++) sb.append(i > 0 ? ", " : "").append(pyBools(b[i]));
        return sb.append(']').toString();
    }
}
