package io.sequoia.export;

import io.sequoia.autograd.GradMode;
import io.sequoia.autograd.Tensor;
import io.sequoia.translation.PairBatches;
import io.sequoia.translation.RecurrentTranslator;
import io.sequoia.translation.Seq2Seq;
import io.sequoia.translation.TransformerTranslator;
import io.sequoia.translation.Translator;

import java.util.Map;

/**
 * A translator's network as a PyTorch module whose {@code forward(src, src_lengths, tgt_in)} is the
 * teacher-forced pass (logits of every target position), as {@link Seq2Seq#logits}: the recurrent
 * encoder–decoder with Luong (dot, general) or Bahdanau attention, or {@code nn.Transformer} with
 * scaled embeddings, sinusoidal positions and a tied or separate output layer. Beam search is left to
 * the user (the module exposes the pieces: {@code encode}, the decoder, the generator).
 */
final class PytorchTranslator {
    private PytorchTranslator() {}

    static PytorchExport.Piece build(Translator t) {
        Seq2Seq m = t.model();
        String body;
        if (m instanceof RecurrentTranslator r) body = recurrent(r.config());
        else if (m instanceof TransformerTranslator tr) body = transformer(tr.config());
        else throw new ExportException("the " + m.getClass().getSimpleName() + " translator has no PyTorch translation here");
        String header = "# Ids: the lines of the folder's " + io.sequoia.translation.TextCodec.SRC_VOCAB + " and " + io.sequoia.translation.TextCodec.TGT_VOCAB
                + " (0 <pad>, 1 <unk>, 2 <s>, 3 </s>), after Sequoia's tokeniser and BPE (config.json: bpe_merges).\n\n";
        // two sources of different lengths (padding and masks exercised), teacher-forced on their start token and a few target pieces
        int[][] src = {t.codec().encodeSource("ein Mann liest ein Buch"), t.codec().encodeSource("das Haus")};
        for (int i = 0; i < src.length; i++) if (src[i].length == 0) src[i] = new int[]{io.sequoia.translation.TextCodec.UNK};
        int v = m.targetVocabSize();
        int[][] tgt = {{4 % v, 5 % v, 6 % v, 7 % v}, {5 % v, 4 % v}};
        PairBatches.Batch b = PairBatches.batch(src, tgt, new int[]{0, 1});
        Tensor logits;
        boolean was = m.isTraining();
        m.eval();
        try (var g = GradMode.noGrad()) {
            logits = m.logits(b.src(), b.srcLengths(), b.tgtIn());
        } finally {
            m.train(was);
        }
        Example ex = new Example().ids("src", b.src()).ids("src_lengths", b.srcLengths()).ids("tgt_in", b.tgtIn()).output("logits", logits);
        return new PytorchExport.Piece(header + body, ex);
    }

    private static int n(Map<String, Object> c, String k) { return ((Number) c.get(k)).intValue(); }

    private static String recurrent(Map<String, Object> c) {
        String cell = ((String) c.get("cell")).toUpperCase(java.util.Locale.ROOT), attention = (String) c.get("attention");
        int h = n(c, "hidden_size"), layers = n(c, "num_layers"), e = n(c, "embed_dim"), pad = n(c, "pad_index");
        double dropout = ((Number) c.get("dropout")).doubleValue();
        boolean lstm = cell.equals("LSTM");
        StringBuilder sb = new StringBuilder(PytorchExport.PACKED_HELPER);
        switch (attention) {
            case "general", "dot" -> sb.append(LUONG);
            case "additive" -> sb.append(ADDITIVE);
            default -> { }
        }
        sb.append("class Model(nn.Module):\n");
        sb.append("    \"\"\"Bidirectional " + cell + " encoder → tanh bridge → " + cell + " decoder → " + attention + " attention over the encoder outputs"
                + " → tanh(linear_out([context; h])) → generator (Luong's placement: the attention reads the decoder's current output).\"\"\"\n\n");
        sb.append("    def __init__(self):\n        super().__init__()\n");
        sb.append("        self.src_embed = nn.Embedding(" + c.get("src_vocab_size") + ", " + e + ", padding_idx=" + pad + ")\n");
        sb.append("        self.tgt_embed = nn.Embedding(" + c.get("tgt_vocab_size") + ", " + e + ", padding_idx=" + pad + ")\n");
        sb.append("        self.encoder = nn." + cell + "(" + e + ", " + h + ", " + layers + ", batch_first=True, bidirectional=True, dropout=" + dropout + ")\n");
        sb.append("        self.bridge = nn.Linear(" + 2 * h + ", " + h + ")\n");
        if (lstm) sb.append("        self.bridge_c = nn.Linear(" + 2 * h + ", " + h + ")\n");
        sb.append("        self.decoder = nn." + cell + "(" + e + ", " + h + ", " + layers + ", batch_first=True, dropout=" + dropout + ")\n");
        switch (attention) {
            case "general" -> sb.append("        self.attention = LuongAttention(\"general\", " + h + ", " + 2 * h + ")\n");
            case "dot" -> sb.append("        self.attention = LuongAttention(\"dot\", " + h + ", " + h + ")\n");
            case "additive" -> sb.append("        self.attention = AdditiveAttention(" + h + ", " + 2 * h + ", " + h + ")\n");
            default -> { }
        }
        if (!attention.equals("none")) sb.append("        self.linear_out = nn.Linear(" + (attention.equals("dot") ? 2 * h : 3 * h) + ", " + h + ")\n");
        sb.append("        self.dropout = nn.Dropout(" + dropout + ")\n");
        sb.append("        self.generator = nn.Linear(" + h + ", " + c.get("tgt_vocab_size") + ")\n");
        sb.append("""

                    def encode(self, src, src_lengths):
                        \"\"\"src (N, S) ids padded at the end, src_lengths (N) → encoder outputs, padding mask (N, S), decoder's initial state.\"\"\"
                        n, s = src.shape
                        out, state = packed(self.encoder, self.dropout(self.src_embed(src)), src_lengths)
                        sides = lambda t: t.reshape(%d, 2, n, %d).permute(0, 2, 1, 3).reshape(%d, n, %d)   # forward ⊕ backward per layer
                """.formatted(layers, h, layers, 2 * h));
        if (lstm) {
            sb.append("        state = (torch.tanh(self.bridge(sides(state[0]))), torch.tanh(self.bridge_c(sides(state[1]))))\n");
        } else {
            sb.append("        state = torch.tanh(self.bridge(sides(state)))\n");
        }
        if (attention.equals("dot")) sb.append("        out = out.reshape(n, s, 2, " + h + ").sum(2)                     # dot scores: the two directions summed\n");
        sb.append("""
                        padding = torch.arange(s) >= src_lengths.unsqueeze(1)
                        return out, padding, state

                    def forward(self, src, src_lengths, tgt_in):
                        \"\"\"tgt_in (N, T): <s> then the target ids, teacher-forced → logits (N, T, target vocabulary).\"\"\"
                        memory, padding, state = self.encode(src, src_lengths)
                        out, _ = self.decoder(self.dropout(self.tgt_embed(tgt_in)), state)
                """);
        if (attention.equals("none")) {
            sb.append("        return self.generator(self.dropout(out))\n");
        } else {
            sb.append("""
                            context, _ = self.attention(out, memory, padding)
                            return self.generator(self.dropout(torch.tanh(self.linear_out(torch.cat([context, out], 2)))))
                    """);
        }
        return sb.toString();
    }

    private static final String LUONG = """
            class LuongAttention(nn.Module):
                \"\"\"Luong's multiplicative attention: q · k ("dot") or q · W k ("general"), softmax over the real source positions.\"\"\"

                def __init__(self, score, query_size, key_size):
                    super().__init__()
                    self.score = score
                    if score == "general":
                        self.linear_in = nn.Linear(key_size, query_size, bias=False)

                def forward(self, query, memory, padding):
                    keys = self.linear_in(memory) if self.score == "general" else memory
                    weights = (query @ keys.transpose(1, 2)).masked_fill(padding.unsqueeze(1), float("-inf")).softmax(-1)
                    return weights @ memory, weights


            """;

    private static final String ADDITIVE = """
            class AdditiveAttention(nn.Module):
                \"\"\"Bahdanau's additive attention: v · tanh(W_q q + b + W_k k), softmax over the real source positions.\"\"\"

                def __init__(self, query_size, key_size, attention_size):
                    super().__init__()
                    self.linear_query = nn.Linear(query_size, attention_size)
                    self.linear_context = nn.Linear(key_size, attention_size, bias=False)
                    self.v = nn.Linear(attention_size, 1, bias=False)

                def forward(self, query, memory, padding):
                    scores = self.v(torch.tanh(self.linear_query(query).unsqueeze(2) + self.linear_context(memory).unsqueeze(1))).squeeze(3)
                    weights = scores.masked_fill(padding.unsqueeze(1), float("-inf")).softmax(-1)
                    return weights @ memory, weights


            """;

    private static String transformer(Map<String, Object> c) {
        boolean shared = Boolean.TRUE.equals(c.get("share_embeddings")), tied = Boolean.TRUE.equals(c.get("tie_output"));
        int d = n(c, "d_model"), pad = n(c, "pad_index");
        StringBuilder sb = new StringBuilder(PytorchExport.SINUSOIDAL_HELPER);
        sb.append("class Model(nn.Module):\n");
        sb.append("    \"\"\"nn.Transformer (" + (Boolean.TRUE.equals(c.get("norm_first")) ? "pre" : "post") + "-norm, ReLU, batch first) over embeddings·√d_model"
                + " plus sinusoidal positions; " + (shared ? "one embedding for both sides" : "separate embeddings")
                + (tied ? ", the output layer tied to the target embedding." : ", a separate output layer.") + "\"\"\"\n\n");
        sb.append("    def __init__(self):\n        super().__init__()\n");
        sb.append("        self.src_embed = nn.Embedding(" + c.get("src_vocab_size") + ", " + d + ", padding_idx=" + pad + ")\n");
        if (!shared) sb.append("        self.tgt_embed = nn.Embedding(" + c.get("tgt_vocab_size") + ", " + d + ", padding_idx=" + pad + ")\n");
        sb.append("        self.register_buffer(\"positions\", sinusoidal_table(" + TransformerTranslator.MAX_LEN + ", " + d + "), persistent=False)\n");
        sb.append("        self.dropout = nn.Dropout(" + c.get("dropout") + ")\n");
        sb.append("        self.transformer = nn.Transformer(" + d + ", " + c.get("nhead") + ", " + c.get("num_encoder_layers") + ", "
                + c.get("num_decoder_layers") + ", " + c.get("dim_feedforward") + ", " + c.get("dropout") + ", batch_first=True, norm_first="
                + (Boolean.TRUE.equals(c.get("norm_first")) ? "True" : "False") + ")\n");
        if (tied) sb.append("        self.generator_bias = nn.Parameter(torch.zeros(" + c.get("tgt_vocab_size") + "))\n");
        else sb.append("        self.generator = nn.Linear(" + d + ", " + c.get("tgt_vocab_size") + ")\n");
        sb.append("""

                    def embed(self, embedding, ids):
                        return self.dropout(embedding(ids) * math.sqrt(%d) + self.positions[: ids.size(1)])

                    def forward(self, src, src_lengths, tgt_in):
                        \"\"\"src (N, S) ids padded at the end, src_lengths (N), tgt_in (N, T): <s> then the target ids → logits (N, T, target vocabulary).\"\"\"
                        padding = torch.arange(src.size(1)) >= src_lengths.unsqueeze(1)
                        memory = self.transformer.encoder(self.embed(self.src_embed, src), src_key_padding_mask=padding)
                        causal = torch.triu(torch.full((tgt_in.size(1), tgt_in.size(1)), float("-inf")), 1)
                        y = self.transformer.decoder(self.embed(%s, tgt_in), memory, tgt_mask=causal, memory_key_padding_mask=padding)
                        return %s
                """.formatted(d, shared ? "self.src_embed" : "self.tgt_embed",
                tied ? "y @ " + (shared ? "self.src_embed" : "self.tgt_embed") + ".weight.t() + self.generator_bias" : "self.generator(y)"));
        return sb.toString();
    }
}
