package io.sequoia.translation;

import io.sequoia.data.parallel.BytePairEncoding;
import io.sequoia.data.parallel.MosesTokenizer;
import io.sequoia.data.text.Vocabulary;
import io.sequoia.tensor.Errors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Text ↔ ids for a translator: the Moses-like word tokeniser, then byte-pair encoding (joint — one
 * set of merges learned on both sides — or separate; none when {@code merges = 0}), then the source
 * and target vocabularies ({@code <pad>} 0, {@code <unk>} 1, {@code <bos>} 2, {@code <eos>} 3, then
 * pieces by frequency; one shared vocabulary when asked). Decoding joins the pieces and
 * detokenises, so outputs read as plain text. Saved in the model folder as text files.
 */
public final class TextCodec {
    public static final int PAD = 0, UNK = 1, BOS = 2, EOS = 3;
    public static final String SRC_VOCAB = "src_vocab.txt", TGT_VOCAB = "tgt_vocab.txt", SRC_BPE = "src_bpe.txt", TGT_BPE = "tgt_bpe.txt";

    private final MosesTokenizer tokenizer = new MosesTokenizer("en");
    private final BytePairEncoding srcBpe, tgtBpe;
    private final Vocabulary srcVocab, tgtVocab;

    public TextCodec(BytePairEncoding srcBpe, BytePairEncoding tgtBpe, Vocabulary srcVocab, Vocabulary tgtVocab) {
        this.srcBpe = srcBpe;
        this.tgtBpe = tgtBpe;
        this.srcVocab = srcVocab;
        this.tgtVocab = tgtVocab;
        for (Vocabulary v : List.of(srcVocab, tgtVocab)) {
            if (v.size() < 4 || !v.token(PAD).equals(Vocabulary.PAD) || !v.token(UNK).equals(Vocabulary.UNK)
                    || !v.token(BOS).equals(Vocabulary.BOS) || !v.token(EOS).equals(Vocabulary.EOS)) {
                throw Errors.arg("TextCodec", "vocabularies must start with <pad> <unk> <bos> <eos>", "those four first",
                        v.tokens().subList(0, Math.min(4, v.size())), null);
            }
        }
    }

    /**
     * Learns the codec from training text.
     * @param merges      BPE merges (0 = words)
     * @param jointBpe    one set of merges learned on source and target together
     * @param sharedVocab one vocabulary for both sides (needed for shared embeddings)
     * @param minFrequency pieces seen fewer times map to {@code <unk>}
     */
    public static TextCodec learn(List<String> sources, List<String> targets, int merges, boolean jointBpe, boolean sharedVocab, int minFrequency) {
        MosesTokenizer tok = new MosesTokenizer("en");
        List<List<String>> s = sources.stream().map(x -> tok.tokenize(x)).toList();
        List<List<String>> t = targets.stream().map(x -> tok.tokenize(x)).toList();
        BytePairEncoding sb = null, tb = null;
        if (merges > 0) {
            if (jointBpe) {
                List<List<String>> both = new ArrayList<>(s);
                both.addAll(t);
                sb = tb = BytePairEncoding.learn(both, merges, BytePairEncoding.DEFAULT_MIN_FREQUENCY);
            } else {
                sb = BytePairEncoding.learn(s, merges, BytePairEncoding.DEFAULT_MIN_FREQUENCY);
                tb = BytePairEncoding.learn(t, merges, BytePairEncoding.DEFAULT_MIN_FREQUENCY);
            }
        }
        BytePairEncoding fsb = sb, ftb = tb;
        List<List<String>> sp = s.stream().map(x -> fsb == null ? x : fsb.encode(x)).toList();
        List<List<String>> tp = t.stream().map(x -> ftb == null ? x : ftb.encode(x)).toList();
        Vocabulary.Builder b = Vocabulary.builder().specials(Vocabulary.PAD, Vocabulary.UNK, Vocabulary.BOS, Vocabulary.EOS).minFrequency(minFrequency);
        Vocabulary sv, tv;
        if (sharedVocab) {
            List<List<String>> both = new ArrayList<>(sp);
            both.addAll(tp);
            sv = tv = b.build(both);
        } else {
            sv = b.build(sp);
            tv = b.build(tp);
        }
        return new TextCodec(sb, tb, sv, tv);
    }

    public Vocabulary sourceVocab() { return srcVocab; }
    public Vocabulary targetVocab() { return tgtVocab; }
    public boolean sharedVocab() { return srcVocab.tokens().equals(tgtVocab.tokens()); }
    public int merges() { return srcBpe == null ? 0 : srcBpe.size(); }

    public List<String> sourcePieces(String text) { return pieces(text, srcBpe); }
    public List<String> targetPieces(String text) { return pieces(text, tgtBpe); }

    private List<String> pieces(String text, BytePairEncoding bpe) {
        List<String> words = tokenizer.tokenize(text);
        return bpe == null ? words : bpe.encode(words);
    }

    /** Source ids (no start or end token). */
    public int[] encodeSource(String text) { return srcVocab.encode(sourcePieces(text)); }
    /** Target ids (no start or end token). */
    public int[] encodeTarget(String text) { return tgtVocab.encode(targetPieces(text)); }

    /** Plain text from target ids (special tokens dropped). */
    public String decodeTarget(int[] ids) {
        List<String> pieces = new ArrayList<>();
        for (int id : ids) if (id > EOS) pieces.add(tgtVocab.token(id)); else if (id == UNK) pieces.add(Vocabulary.UNK);
        List<String> words = tgtBpe == null ? pieces : BytePairEncoding.decode(pieces);
        return tokenizer.detokenize(words);
    }

    /** The files to save beside the weights. */
    public Map<String, String> extras() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(SRC_VOCAB, srcVocab.toText());
        m.put(TGT_VOCAB, tgtVocab.toText());
        if (srcBpe != null) m.put(SRC_BPE, srcBpe.toText());
        if (tgtBpe != null) m.put(TGT_BPE, tgtBpe.toText());
        return m;
    }

    /**
     * Reads the codec back from a model folder's extra files; {@code srcSize}/{@code tgtSize}: the vocabulary
     * sizes of the model's weights. A malformed file, or one that does not fit the weights, ends in a file
     * error naming it (and its line where one is at fault).
     */
    public static TextCodec fromExtras(io.sequoia.io.ModelFolder.Contents c, int srcSize, int tgtSize) throws java.io.IOException {
        String sb = c.hasExtra(SRC_BPE) ? c.extra(SRC_BPE) : null, tb = c.hasExtra(TGT_BPE) ? c.extra(TGT_BPE) : null;
        BytePairEncoding s = c.parseExtra(SRC_BPE, true, BytePairEncoding::fromText);
        BytePairEncoding t = tb == null ? null : sb != null && sb.equals(tb) ? s : c.parseExtra(TGT_BPE, true, BytePairEncoding::fromText);
        return new TextCodec(s, t, vocabulary(c, SRC_VOCAB, srcSize), vocabulary(c, TGT_VOCAB, tgtSize));
    }

    private static Vocabulary vocabulary(io.sequoia.io.ModelFolder.Contents c, String name, int size) throws java.io.IOException {
        Vocabulary v = c.vocabulary(name, Vocabulary.UNK, size);
        String[] specials = {Vocabulary.PAD, Vocabulary.UNK, Vocabulary.BOS, Vocabulary.EOS};
        return c.parseExtra(name, false, text -> {
            for (int i = 0; i < specials.length; i++) {
                if (i >= v.size() || !v.token(i).equals(specials[i])) {
                    throw Errors.arg("TextCodec", "vocabularies must start with <pad> <unk> <bos> <eos>", specials[i],
                            i < v.size() ? v.token(i) : "the end of the file", "line " + (i + 1));
                }
            }
            return v;
        });
    }
}
