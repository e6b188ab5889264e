package io.sequoia.fuzz;

import io.sequoia.data.DelimitedTexts;
import io.sequoia.data.conll.ColumnFormat;
import io.sequoia.data.conll.ColumnReader;
import io.sequoia.data.parallel.ParallelCorpus;
import io.sequoia.data.text.WordVectors;
import io.sequoia.data.tree.TreeReader;
import io.sequoia.io.Safetensors;
import io.sequoia.nn.Linear;
import io.sequoia.nn.Activation;
import io.sequoia.nn.Sequential;
import io.sequoia.tensor.DType;
import io.sequoia.tensor.NDArray;
import io.sequoia.timeseries.data.SeriesCsv;
import io.sequoia.train.Model;
import io.sequoia.tree.TreeClassifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every file parser under {@link Fuzzer}: mutated seed files either parse or are refused with the
 * parser's file error naming the file, never another exception, an Error or a hang. The suite runs
 * {@value Fuzzer#DEFAULT_ITERATIONS} inputs per parser; docs/reliability.md records the long run.
 */
class ParserFuzzTest {
    @TempDir Path dir;

    static List<byte[]> utf8(String... s) {
        List<byte[]> out = new ArrayList<>();
        for (String x : s) out.add(x.getBytes(StandardCharsets.UTF_8));
        return out;
    }

    static void fuzz(String name, Path dir, String file, List<byte[]> seeds, List<String> dict, Fuzzer.Target t) throws Exception {
        Fuzzer.Report r = Fuzzer.run(name, dir, file, seeds, dict, t);
        System.out.println("fuzz " + r);
        assertTrue(r.findings().isEmpty(), r + "\n" + String.join("\n", r.findings().subList(0, Math.min(5, r.findings().size()))));
        assertTrue(r.accepted() > 0 && r.refused() > 0, "the seeds parse and some mutants are refused: " + r);
    }

    @Test void csvAndTsvTexts() throws Exception {
        List<String> dict = List.of("text", "label", "\"\"", "\",", ",\"", "pos", "neg");
        fuzz("csv", dir, "texts.csv", utf8("text,label\n\"a good, fine film\",pos\nbad film,neg\n\"say \"\"hi\"\"\",pos\n",
                "label,text\npos,fine\r\nneg,\"multi\nline\"\r\n"), dict, f -> DelimitedTexts.read(f, ',', null, null, true));
        fuzz("tsv", dir, "texts.tsv", utf8("text\tlabel\ngood film\tpos\nbad\tneg\n", "text\tlabel\n\"quoted\"\tpos\n"), dict,
                f -> DelimitedTexts.read(f, '\t', null, null, true));
    }

    @Test void conllFormats() throws Exception {
        List<String> dict = List.of("-DOCSTART-", "B-PER", "I-ORG", "E-LOC", "S-MISC", "O", "_", "1-2", "8.1", "# text = x", "\t_\t_\t_\t_");
        fuzz("conll2003", dir, "eng.train", utf8("-DOCSTART- -X- O O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\n\n"
                + "Peter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n"), dict, f -> ColumnReader.of(ColumnFormat.CONLL2003).read(f));
        fuzz("conll2002", dir, "esp.train", utf8("Melbourne\tB-LOC\n(\tO\nAustralia\tB-LOC\n\n-DOCSTART- O\n\nEl DA O\n"), dict,
                f -> ColumnReader.of(ColumnFormat.CONLL2002).read(f));
        fuzz("conllu", dir, "ud.conllu", utf8("# sent_id = 1\n# text = The dog don't\n1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
                + "2\tdog\tdog\tNOUN\tNN\t_\t0\troot\t_\t_\n3-4\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n3\tdo\tdo\tAUX\tVBP\t_\t2\tdep\t_\t_\n"
                + "4\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n4.1\tx\t_\tX\t_\t_\t_\t_\t_\t_\n\n"), dict, f -> ColumnReader.of(ColumnFormat.CONLLU).read(f));
    }

    @Test void pennTreebankTrees() throws Exception {
        fuzz("ptb", dir, "train.txt", utf8("(3 (2 It) (4 (4 (2 's) (4 good)) (2 .)))\n(1 (2 not) (3 good))\n", "(2 (2 a) (2 (2 b) (2 c)))\n"),
                List.of("(", ")", "(2 ", " x)", "((", "))", "(5 a)", "(-1 a)"), f -> TreeReader.readLabelled(f, 5));
    }

    @Test void wordVectorFiles() throws Exception {
        List<byte[]> seeds = utf8("3 4\nthe 0.1 0.2 0.3 0.4\ncat -1 2 3e-2 0\ndog 1 1 1 1\n", "the 0.1 0.2\ncat 1 2\n");
        ByteArrayOutputStream bin = new ByteArrayOutputStream();
        bin.writeBytes("2 3\n".getBytes(StandardCharsets.US_ASCII));
        for (String w : new String[]{"the", "cat"}) {
            bin.writeBytes((w + " ").getBytes(StandardCharsets.UTF_8));
            ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(-1f).putFloat(2f);
            bin.writeBytes(b.array());
            bin.write('\n');
        }
        seeds.add(bin.toByteArray());
        fuzz("vectors", dir, "vectors.txt", seeds, List.of("3000000000 300", "2 3000000000", "1 1\n", " 0.5"), WordVectors::read);
        fuzz("vectors-bin", dir, "vectors.bin", List.of(bin.toByteArray()), List.of("3000000000 300", "2 3000000000", "-2 3"), WordVectors::read);
    }

    @Test void safetensorsFiles() throws Exception {
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("weight", NDArray.wrap(new float[]{1, 2, 3, 4, 5, 6}, 2, 3));
        t.put("bias", NDArray.zeros(DType.FLOAT64, 2));
        Path s = dir.resolve("seed.safetensors");
        Safetensors.write(s, t, Map.of("format", "pt"));
        // the long run's finding: a dtype that is not a string ("dtype": 1e309) ended in a NullPointerException
        byte[] seed = Files.readAllBytes(s);
        String text = new String(seed, StandardCharsets.ISO_8859_1);
        byte[] numberDtype = text.replace("\"dtype\":\"F64\"", "\"dtype\":1e309").getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(!java.util.Arrays.equals(seed, numberDtype), "the regression seed differs from the valid one");
        fuzz("safetensors", dir, "model.safetensors", List.of(seed, numberDtype),
                List.of("\"F32\"", "\"F64\"", "\"I64\"", "\"shape\":[3000000000]", "\"data_offsets\":[0,99999999999]", "\"__metadata__\""), Safetensors::read);
    }

    @Test void parallelTextAndSeriesCsv() throws Exception {
        fuzz("parallel-tsv", dir, "pairs.tsv", utf8("Ein Hund.\tA dog.\nZwei Katzen schlafen.\tTwo cats sleep.\n"), List.of("\t\t"),
                f -> ParallelCorpus.readTsv(f, 1, 2, ParallelCorpus.Options.defaults()));
        fuzz("series-csv", dir, "series.csv", utf8("month,value,x\n2020-01,1.5,0\n2020-02,2,1\n2020-03,2.5,0\n2020-04,,1\n2020-05,3,0\n"),
                List.of("2020-13", "value", "month", "1949-01", "1.5", ",,"), f -> SeriesCsv.read(f, "value", null, List.of("x"), SeriesCsv.Missing.INTERPOLATE));
    }

    /** config.json of model folders: a plain module (architecture rebuilt from the registry) and a task folder (tree classifier). */
    @Test void modelFolderConfigs() throws Exception {
        Path m = dir.resolve("mlp");
        new Model(new Sequential(new Linear(3, 4), Activation.relu(), new Linear(4, 2))).save(m);
        fuzz("config-module", m, "config.json", List.of(Files.readAllBytes(m.resolve("config.json"))),
                List.of("\"type\"", "\"Linear\"", "\"LSTM\"", "\"in_features\"", "\"children\"", "\"config\"", "\"format_version\": 2", "{}", "[]"), f -> Model.load(f.getParent()));
        Path tc = dir.resolve("tree");
        TreeClassifier clf = TreeClassifier.create(new TreeClassifier.Spec("treelstm", 4, 4, 5, 0.0, true),
                List.of(TreeReader.parse("(3 (2 good) (3 film))"), TreeReader.parse("(1 (2 bad) (1 film))")));
        clf.save(tc);
        fuzz("config-tree", tc, "config.json", List.of(Files.readAllBytes(tc.resolve("config.json"))),
                List.of("\"cell\"", "\"treelstm\"", "\"rntn\"", "\"num_classes\"", "\"hidden\"", "\"task\"", "\"tree\"", "{}", "[]", "\"lowercase\""),
                f -> TreeClassifier.load(f.getParent()));
    }
}
