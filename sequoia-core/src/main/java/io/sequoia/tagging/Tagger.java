package io.sequoia.tagging;

import com.google.gson.Gson;
import io.sequoia.autograd.GradMode;
import io.sequoia.data.conll.TagScheme;
import io.sequoia.data.conll.TaggedSentence;
import io.sequoia.data.text.Vocabulary;
import io.sequoia.data.text.WordVectors;
import io.sequoia.io.FileFormatException;
import io.sequoia.io.ModelFolder;
import io.sequoia.nn.crf.TransitionConstraints;
import io.sequoia.tensor.Errors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sequence tagger with its preprocessing: vocabularies of words, characters and tags, the tag
 * schemes, and a {@link SequenceTagger} network. Chunk tags (O, B-X, I-X, ...) are trained in
 * {@link Spec#scheme} (BIOES by default, with CRF transition constraints) and written back in the
 * scheme of the training data (detected: IOB1 for CoNLL-2003); other tags (parts of speech) are
 * used as they are. Saved as a model folder with {@code "task": "tagger"}: {@code config.json},
 * {@code model.safetensors}, {@code words.txt}, {@code chars.txt}, {@code tags.txt}.
 */
public final class Tagger {
    public static final String TASK = "tagger", CONFIG_KEY = "tagger";
    public static final String WORDS_FILE = "words.txt", CHARS_FILE = "chars.txt", TAGS_FILE = "tags.txt";
    public static final List<String> MODELS = List.of("bilstm", "bilstm-crf", "bigru", "bigru-crf");

    /**
     * The network and training-scheme settings.
     * @param model        bilstm, bilstm-crf, bigru or bigru-crf
     * @param charMode     cnn, lstm or none
     * @param scheme       the scheme chunk tags are trained in: bioes, iob2 or "keep" (the data's own)
     * @param unkReplace   word dropout of training singletons to {@code <unk>}
     */
    public record Spec(String model, String charMode, int embedDim, int charDim, int charFeatures, int casingDim, int hidden,
                       double dropout, String scheme, double unkReplace) {
        /** The best configuration measured on CoNLL-2003 without external vectors (docs/labs.md). */
        public static final Spec DEFAULT = new Spec("bilstm-crf", "cnn", 100, 30, 30, 8, 200, 0.5, "bioes", 0.5);

        public Spec {
            String w = "Tagger.Spec";
            if (!MODELS.contains(model)) throw Errors.arg(w, "unknown model", MODELS, model, null);
            if (!SequenceTagger.CHAR_MODES.contains(charMode)) throw Errors.arg(w, "unknown char mode", SequenceTagger.CHAR_MODES, charMode, null);
            if (!List.of("bioes", "iob2", "keep").contains(scheme)) throw Errors.arg(w, "unknown training scheme", "bioes, iob2 or keep", scheme, null);
            if (embedDim < 1 || hidden < 1 || charDim < 1 || charFeatures < 1 || casingDim < 0) {
                throw Errors.arg(w, "sizes must be positive", "embedDim, hidden, charDim, charFeatures >= 1, casingDim >= 0",
                        embedDim + ", " + hidden + ", " + charDim + ", " + charFeatures + ", " + casingDim, null);
            }
            if (!(dropout >= 0 && dropout < 1)) throw Errors.arg(w, "dropout must be in [0, 1)", "[0, 1)", dropout, null);
            if (!(unkReplace >= 0 && unkReplace < 1)) throw Errors.arg(w, "unkReplace must be in [0, 1)", "[0, 1)", unkReplace, null);
        }

        public boolean crf() { return model.endsWith("-crf"); }
        public String rnnType() { return model.startsWith("bigru") ? "gru" : "lstm"; }
        public Spec withModel(String m) { return new Spec(m, charMode, embedDim, charDim, charFeatures, casingDim, hidden, dropout, scheme, unkReplace); }
    }

    private final Spec spec;
    private final TagScheme inputScheme, trainScheme;        // both null for tags that are not chunk tags
    private final TaggerEncoder encoder;
    private final SequenceTagger net;
    private Map<String, Object> reading = Map.of();

    private Tagger(Spec spec, TagScheme inputScheme, TagScheme trainScheme, TaggerEncoder encoder, SequenceTagger net) {
        this.spec = spec;
        this.inputScheme = inputScheme;
        this.trainScheme = trainScheme;
        this.encoder = encoder;
        this.net = net;
    }

    /** A new, untrained tagger whose vocabularies come from {@code train} (every sentence must carry tags). */
    public static Tagger create(Spec spec, List<TaggedSentence> train) { return create(spec, train, null); }

    /**
     * A new, untrained tagger whose vocabularies come from {@code train}; with {@code vectors}, the
     * word vocabulary also holds every word of the vectors (normalised as the tagger normalises words),
     * so words never seen in training keep their pretrained vector instead of {@code <unk>}; call
     * {@link #usePretrained} next to copy them in.
     */
    /**
     * The size of the word vocabulary {@link #create} builds for {@code train} (and {@code vectors}, or null), before
     * anything is allocated for the network: what a caller checks against the memory it has (the command line's limits).
     */
    public static int vocabularySize(List<TaggedSentence> train, WordVectors vectors) { return wordVocabulary(wordCounts(train), vectors).size(); }

    private static Map<String, int[]> wordCounts(List<TaggedSentence> train) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (TaggedSentence s : train) for (String w : s.tokens()) counts.computeIfAbsent(TaggerEncoder.normalize(w), k -> new int[1])[0]++;
        return counts;
    }

    private static Vocabulary wordVocabulary(Map<String, int[]> counts, WordVectors vectors) {
        Vocabulary trainWords = Vocabulary.builder().fromCounts(counts);
        return vectors == null ? trainWords : trainWords.extendedWith(vectors.mapWords(TaggerEncoder::normalize).words());
    }

    /** The characters of a word the character encoder reads, at most (longer words are cut). */
    public static final int MAX_WORD_CHARS = TaggerEncoder.MAX_WORD_CHARS;

    /**
     * The number of tags {@link #create} builds for {@code train} (in the training scheme: BIOES has more tags than IOB2), before
     * anything is allocated: the size of the emissions and CRF tables a caller checks against its memory (sentences without tags
     * are left out here; {@link #create} refuses them).
     */
    public static int tagCount(Spec spec, List<TaggedSentence> train) {
        List<List<String>> tagLists = new ArrayList<>();
        for (TaggedSentence s : train) if (s.tags() != null) tagLists.add(s.tags());
        if (tagLists.isEmpty()) return 0;
        return labels(schemes(spec, tagLists)[1], tagLists).size();
    }

    /** The data's scheme and the training scheme (both null for tags that are not chunk tags). */
    private static TagScheme[] schemes(Spec spec, List<List<String>> tagLists) {
        Set<String> tagSet = new java.util.TreeSet<>();
        tagLists.forEach(tagSet::addAll);
        boolean chunks = TagScheme.isChunkTagSet(tagSet);
        TagScheme in = chunks ? TagScheme.detect(tagLists) : null;
        TagScheme tr = !chunks ? null : spec.scheme().equals("keep") ? in : TagScheme.parse(spec.scheme());
        return new TagScheme[]{in, tr};
    }

    /** The tag set in the training scheme {@code tr} (null: as given), sorted, "O" first. */
    private static List<String> labels(TagScheme tr, List<List<String>> tagLists) {
        List<List<String>> trainTags = tr == null ? tagLists : tagLists.stream().map(tr::convert).toList();
        Set<String> labels = new java.util.TreeSet<>();
        trainTags.forEach(labels::addAll);
        List<String> labelList = new ArrayList<>(labels);
        if (labelList.remove("O")) labelList.add(0, "O");
        return labelList;
    }

    public static Tagger create(Spec spec, List<TaggedSentence> train, WordVectors vectors) {
        if (train.isEmpty()) throw Errors.arg("Tagger.create", "training data must hold sentences", ">= 1 sentence", 0, null);
        List<List<String>> tagLists = new ArrayList<>();
        for (TaggedSentence s : train) {
            if (s.tags() == null) throw Errors.arg("Tagger.create", "training sentences need tags", "tags", "none", "sentence " + s.tokens());
            tagLists.add(s.tags());
        }
        TagScheme[] schemes = schemes(spec, tagLists);
        TagScheme in = schemes[0], tr = schemes[1];
        List<String> labelList = labels(tr, tagLists);
        Vocabulary tags = Vocabulary.of(labelList, null);
        Map<String, int[]> counts = wordCounts(train), charCounts = new LinkedHashMap<>();
        for (TaggedSentence s : train) {
            for (String w : s.tokens()) w.codePoints().forEach(cp -> charCounts.computeIfAbsent(new String(Character.toChars(cp)), k -> new int[1])[0]++);
        }
        Vocabulary words = wordVocabulary(counts, vectors);
        Vocabulary chars = Vocabulary.builder().fromCounts(charCounts);
        Set<Integer> singletons = new HashSet<>();
        counts.forEach((w, c) -> { if (c[0] == 1) singletons.add(words.index(w)); });
        TransitionConstraints k = spec.crf() && (tr == TagScheme.BIOES || tr == TagScheme.IOB2)
                ? TransitionConstraints.forScheme(tr.name(), labelList) : null;
        SequenceTagger net = new SequenceTagger(words.size(), spec.embedDim(), chars.size(), spec.charDim(), spec.charMode(),
                spec.charFeatures(), spec.casingDim(), spec.rnnType(), spec.hidden(), spec.dropout(), tags.size(), spec.crf(), k);
        return new Tagger(spec, in, tr, new TaggerEncoder(words, chars, tags, singletons, spec.unkReplace()), net);
    }

    /** Copies pretrained vectors into the word embedding (their dim must be the spec's embedDim); returns how many words had one. */
    public int usePretrained(WordVectors vectors) {
        return vectors.mapWords(TaggerEncoder::normalize).copyInto(encoder.words(), net.wordEmbedding.weight, false);
    }

    public Spec spec() { return spec; }

    /** The ids of the words seen once in training, which word dropout replaces by {@code <unk>}; empty for a loaded tagger (not saved). */
    public Set<Integer> singletons() { return encoder.singletons(); }

    /**
     * This tagger (the same network and vocabularies) with word dropout of {@code singletons} at the
     * spec's rate: a loaded tagger trained further as the one it was saved from (data-parallel shards).
     */
    public Tagger withSingletons(Set<Integer> singletons) {
        Tagger t = new Tagger(spec, inputScheme, trainScheme, new TaggerEncoder(encoder.words(), encoder.chars(), encoder.tags(),
                Set.copyOf(singletons), spec.unkReplace()), net);
        t.reading = reading;
        return t;
    }
    public SequenceTagger network() { return net; }
    public List<String> labels() { return encoder.tags().tokens(); }
    /** The scheme of the training data (written back on output), or null for tags that are not chunks. */
    public TagScheme inputScheme() { return inputScheme; }
    public TagScheme trainScheme() { return trainScheme; }
    public int vocabularySize() { return encoder.words().size(); }
    /** The word vocabulary (normalised: lower case, digits 0). */
    public Vocabulary wordVocabulary() { return encoder.words(); }

    /** Gold tags of sentences in the training scheme. */
    List<List<String>> trainingTags(List<TaggedSentence> sentences) {
        List<List<String>> out = new ArrayList<>(sentences.size());
        for (TaggedSentence s : sentences) {
            if (s.tags() == null) throw Errors.arg("Tagger", "sentences need gold tags", "tags", "none", "sentence " + s.tokens());
            List<String> t = trainScheme == null ? s.tags() : trainScheme.convert(s.tags());
            for (String tag : t) {
                if (!encoder.tags().contains(tag)) {
                    throw Errors.arg("Tagger", "a tag the model was not trained with", labels(), tag, "sentence " + s.tokens());
                }
            }
            out.add(t);
        }
        return out;
    }

    static List<List<String>> tokens(List<TaggedSentence> sentences) { return sentences.stream().map(TaggedSentence::tokens).toList(); }

    /** Training batches of similar-length sentences, reshuffled every epoch, with word dropout. */
    public io.sequoia.train.Batches<TaggerBatch> batches(List<TaggedSentence> train, int batchSize) {
        List<List<String>> toks = tokens(train), gold = trainingTags(train);
        return rng -> TaggerEncoder.lengthBatches(toks, batchSize, rng).stream().map(idx -> encoder.encode(toks, gold, idx, rng)).toList();
    }

    /** The fit loop's step: the batch's loss, a mean over its sentences. */
    public io.sequoia.train.StepLoss step(TaggerBatch b) { return io.sequoia.train.StepLoss.of(net.loss(b), b.size()); }

    /** Predicted tags (in the input scheme) for tokenised sentences; eval mode, no graph. */
    public List<List<String>> predict(List<List<String>> sentences, int batchSize) { return run(sentences, null, batchSize).tags(); }

    /** The network's input for tokenised sentences (one batch, in order, no word dropout): what {@link SequenceTagger#emissions} reads. */
    public TaggerBatch encode(List<List<String>> sentences) {
        int[] all = java.util.stream.IntStream.range(0, sentences.size()).toArray();
        return encoder.encode(sentences, null, all, null);
    }

    /** Predictions and, with gold tags, the summed loss: one forward pass per batch. */
    private record Run(List<List<String>> tags, double lossSum) {}

    private Run run(List<List<String>> sentences, List<List<String>> gold, int batchSize) {
        List<List<String>> out = new ArrayList<>(java.util.Collections.nCopies(sentences.size(), null));
        List<Integer> nonEmpty = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            if (sentences.get(i).isEmpty()) out.set(i, List.of());
            else nonEmpty.add(i);
        }
        List<List<String>> toks = nonEmpty.stream().map(sentences::get).toList();
        List<List<String>> goldToks = gold == null ? null : nonEmpty.stream().map(gold::get).toList();
        boolean was = net.isTraining();
        net.eval();
        double lossSum = 0;
        try (var g = GradMode.noGrad()) {
            for (int[] idx : TaggerEncoder.lengthBatches(toks, batchSize, null)) {
                TaggerBatch b = encoder.encode(toks, goldToks, idx, null);
                var em = net.emissions(b);
                if (goldToks != null) lossSum += net.loss(em, b).item() * idx.length;
                List<int[]> paths = net.decode(em, b);
                for (int r = 0; r < idx.length; r++) {
                    List<String> tags = new ArrayList<>(paths.get(r).length);
                    for (int id : paths.get(r)) tags.add(encoder.tags().token(id));
                    out.set(nonEmpty.get(idx[r]), inputScheme == null ? tags : inputScheme.convert(tags));
                }
            }
        } finally {
            net.train(was);
        }
        return new Run(out, lossSum);
    }

    /** Scores predictions against the sentences' gold tags as conlleval does (chunks in the data's scheme). */
    public ConllEval evaluate(List<TaggedSentence> gold, int batchSize) { return score(gold, run(tokens(gold), null, batchSize)); }

    private static ConllEval score(List<TaggedSentence> gold, Run r) {
        ConllEval e = new ConllEval();
        for (int i = 0; i < gold.size(); i++) {
            if (gold.get(i).tags() == null) throw Errors.arg("Tagger.evaluate", "sentences need gold tags", "tags", "none", "sentence " + i);
            e.add(gold.get(i).tags(), r.tags().get(i));
        }
        return e;
    }

    /** conlleval's counts and the mean loss per sentence. */
    public record Validation(ConllEval scores, double loss) {}

    /**
     * Scores and loss on tagged sentences in one pass (eval mode, no graph); the loss is NaN when
     * the sentences hold a tag the model was not trained with (they are still scored).
     */
    public Validation validate(List<TaggedSentence> gold, int batchSize) {
        List<List<String>> tags;
        try {
            tags = trainingTags(gold);
        } catch (IllegalArgumentException unknownTag) {
            tags = null;
        }
        Run r = run(tokens(gold), tags, batchSize);
        return new Validation(score(gold, r), tags == null ? Double.NaN : r.lossSum() / Math.max(1, gold.size()));
    }

    /** The mean negative log-likelihood (or cross-entropy) per sentence; eval mode, no graph. */
    public double loss(List<TaggedSentence> sentences, int batchSize) {
        return run(tokens(sentences), trainingTags(sentences), batchSize).lossSum() / Math.max(1, sentences.size());
    }

    /**
     * How the training files were read (format, columns, encoding), saved with the model so that
     * evaluating and tagging read files the same way unless told otherwise.
     */
    public Tagger reading(Map<String, Object> settings) { reading = Map.copyOf(settings); return this; }

    public Map<String, Object> reading() { return reading; }

    /** Whether the tags are chunks (so entity F1 is the measure) rather than per-token labels (accuracy). */
    public boolean chunkTags() { return inputScheme != null; }

    // ---- saving ---------------------------------------------------------------------------------

    public void save(Path dir) throws IOException {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("spec", spec);
        t.put("input_scheme", inputScheme == null ? null : inputScheme.name());
        t.put("train_scheme", trainScheme == null ? null : trainScheme.name());
        t.put("reading", reading);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("task", TASK);
        config.put(ModelFolder.ARCHITECTURE_KEY, io.sequoia.nn.ModuleRegistry.describe(net));
        config.put(CONFIG_KEY, t);
        Map<String, String> extras = new LinkedHashMap<>();
        extras.put(WORDS_FILE, encoder.words().toText());
        extras.put(CHARS_FILE, encoder.chars().toText());
        extras.put(TAGS_FILE, encoder.tags().toText());
        ModelFolder.save(dir, config, net.stateDict(), extras);
    }

    @SuppressWarnings("unchecked")
    public static Tagger load(Path dir) throws IOException {
        return io.sequoia.io.ModelFolder.reading(dir, "tagger", () -> readFolder(dir));
    }

    private static Tagger readFolder(Path dir) throws IOException {
        ModelFolder.Contents c = ModelFolder.load(dir);
        Map<String, Object> config = new Gson().fromJson(c.config(), Map.class);
        if (!TASK.equals(config.get("task")) || !(config.get(CONFIG_KEY) instanceof Map)) {
            throw new FileFormatException(dir.resolve(ModelFolder.CONFIG_FILE), -1, Errors.format("Tagger.load",
                    "the folder is not a tagger", "\"task\": \"" + TASK + "\"", config.get("task"), "folder " + dir
                    + "; Hint: train one with 'sequoia train tagger'"));
        }
        Map<String, Object> t = (Map<String, Object>) config.get(CONFIG_KEY);
        Map<String, Object> s = (Map<String, Object>) t.get("spec");
        Spec spec = new Spec((String) s.get("model"), (String) s.get("charMode"), num(s, "embedDim"), num(s, "charDim"),
                num(s, "charFeatures"), num(s, "casingDim"), num(s, "hidden"), ((Number) s.get("dropout")).doubleValue(),
                (String) s.get("scheme"), ((Number) s.get("unkReplace")).doubleValue());
        Map<String, Object> arch = (Map<String, Object>) config.get(ModelFolder.ARCHITECTURE_KEY);
        if (!(io.sequoia.nn.ModuleRegistry.build(arch) instanceof SequenceTagger net)) {
            throw new FileFormatException(dir.resolve(ModelFolder.CONFIG_FILE), -1, Errors.format("Tagger.load",
                    "the architecture must be a SequenceTagger", "SequenceTagger", arch.get("type"), "folder " + dir));
        }
        ModelFolder.loadBuilt(dir, net);
        Vocabulary words = c.vocabulary(WORDS_FILE, Vocabulary.UNK, net.vocabSize());
        Vocabulary chars = c.vocabulary(CHARS_FILE, Vocabulary.UNK, net.charMode().equals("none") ? -1 : net.charVocabSize());
        Vocabulary tags = c.vocabulary(TAGS_FILE, null, net.numTags());
        TagScheme in = t.get("input_scheme") == null ? null : TagScheme.valueOf((String) t.get("input_scheme"));
        TagScheme tr = t.get("train_scheme") == null ? null : TagScheme.valueOf((String) t.get("train_scheme"));
        if ((in != null || tr != null) && !TagScheme.isChunkTagSet(tags.tokens())) {
            int bad = 0;
            while (TagScheme.isChunkTagSet(List.of(tags.token(bad)))) bad++;
            Path f = dir.resolve(TAGS_FILE);
            throw new FileFormatException(f, -1, Errors.format("Tagger.load", "a tag of a chunk scheme must be O or B-, I-, E-, S- followed by a type",
                    "a tag like B-PER", tags.token(bad), "line " + (bad + 1) + " of " + f.toAbsolutePath()));
        }
        Tagger tagger = new Tagger(spec, in, tr, new TaggerEncoder(words, chars, tags, Set.of(), 0), net);
        if (t.get("reading") instanceof Map<?, ?> m) tagger.reading = (Map<String, Object>) m;
        return tagger;
    }

    private static int num(Map<String, Object> c, String k) {
        if (!(c.get(k) instanceof Number n)) throw Errors.arg("Tagger.load", "missing number in config", k, c.get(k), null);
        return n.intValue();
    }

    /** A tagger's parameters (for the fit loop's optimizer). */
    public List<io.sequoia.nn.Parameter> parameters() { return net.parameters(); }
}
