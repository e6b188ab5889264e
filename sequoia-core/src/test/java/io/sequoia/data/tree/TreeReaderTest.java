package io.sequoia.data.tree;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TreeReaderTest {
    @TempDir Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsLabelsWordsSpansAndHeights() throws IOException {
        Path f = write("t.txt", "(3 (2 (2 The) (2 Rock)) (4 (2 is) (4 good)))\n\n(1 (2 -LRB-) (1 writer\\/director))\n");
        List<Tree> ts = TreeReader.read(f);
        assertEquals(2, ts.size());
        Tree t = ts.get(0);
        assertEquals("3", t.label());
        assertEquals(List.of("The", "Rock", "is", "good"), t.words());
        assertEquals(0, t.start());
        assertEquals(4, t.end());
        assertEquals(2, t.child(1).start());
        assertEquals(3, t.child(1).child(1).start());
        assertEquals("good", t.child(1).child(1).word());
        assertEquals(2, t.height());
        assertEquals(7, t.size());
        assertTrue(t.isBinary());
        assertEquals("( writer/director", ts.get(1).text());
        List<Tree> post = t.postOrder();
        assertSame(t, post.get(post.size() - 1));
        assertEquals("The", post.get(0).word());
    }

    @Test
    void roundTripsToTheSameString() throws IOException {
        String[] lines = {"(3 (2 (2 The) (2 Rock)) (4 (3 (2 is) (4 (2 destined) (2 to))) (2 .)))", "(2 (2 \\*\\*\\*) (2 -RRB-))", "(0 bad)",
                "(S (NP (DT the) (NN cat)) (VP (VBD sat)) (. .))"};
        Path f = write("rt.txt", String.join("\n", lines) + "\n");
        List<Tree> ts = TreeReader.read(f);
        for (int i = 0; i < lines.length; i++) assertEquals(lines[i], ts.get(i).toString());
        assertEquals(ts.get(0), TreeReader.parse("  (3 (2 (2 The)(2 Rock))\t(4 (3 (2 is) (4 (2 destined) (2 to))) (2 .)))  "));
    }

    @Test
    void everySstTreeRoundTrips() throws IOException {
        Path sst = Path.of("..", "..", "shared", "data", "sst");
        assumeTrue(Files.isDirectory(sst), "no SST copy beside the worktree");
        for (String split : new String[]{"train.txt", "dev.txt", "test.txt"}) {
            List<String> lines = Files.readAllLines(sst.resolve(split));
            List<Tree> ts = TreeReader.readLabelled(sst.resolve(split), 5);
            assertEquals(lines.size(), ts.size(), split);
            for (int i = 0; i < ts.size(); i++) {
                assertEquals(lines.get(i), ts.get(i).toString(), split + ":" + (i + 1));
                assertTrue(ts.get(i).isBinary(), split + ":" + (i + 1));
            }
        }
    }

    private static TreeFormatException malformed(Path f) {
        return assertThrows(TreeFormatException.class, () -> TreeReader.read(f));
    }

    @Test
    void unclosedBracketNamesFileLineAndColumn() throws IOException {
        Path f = write("bad.txt", "(2 ok)\n(3 (2 not) (3 good)\n");
        TreeFormatException e = malformed(f);
        assertEquals(2, e.line());
        assertEquals(20, e.column());
        assertTrue(e.getMessage().startsWith(f + ":2: column 20: TreeReader: brackets stop matching"), e.getMessage());
        assertTrue(e.getMessage().contains("opened at column 1"), e.getMessage());
        assertEquals(f, e.path());
    }

    @Test
    void extraClosingBracketAndTrailingText() throws IOException {
        TreeFormatException e = malformed(write("a.txt", "(3 (2 not) (3 good)))\n"));
        assertEquals(1, e.line());
        assertEquals(21, e.column());
        assertTrue(e.getMessage().contains("got an extra ')'"), e.getMessage());
        e = malformed(write("b.txt", "\n(2 x) junk\n"));
        assertEquals(2, e.line());
        assertEquals(7, e.column());
        assertTrue(e.getMessage().contains("'junk'"), e.getMessage());
    }

    @Test
    void malformedNodes() throws IOException {
        TreeFormatException e = malformed(write("c.txt", "(2 (2 not good))"));
        assertEquals(11, e.column());
        assertTrue(e.getMessage().contains("a leaf holds exactly one word") && e.getMessage().contains("'good'"), e.getMessage());
        e = malformed(write("d.txt", "(2 ())"));
        assertEquals(5, e.column());
        assertTrue(e.getMessage().contains("every node starts with a label"), e.getMessage());
        e = malformed(write("e.txt", "(2 (2 a) word)"));
        assertEquals(10, e.column());
        assertTrue(e.getMessage().contains("an inner node holds only child trees"), e.getMessage());
        e = malformed(write("f.txt", "2 (2 a)"));
        assertEquals(1, e.column());
        assertTrue(e.getMessage().contains("a tree starts with '('") && e.getMessage().contains("got '2'"), e.getMessage());
        IllegalArgumentException iae = assertThrows(IllegalArgumentException.class, () -> TreeReader.parse("(2 (3 a)"));
        assertTrue(iae.getMessage().startsWith("column 9: "), iae.getMessage());
    }

    @Test
    void labelsOutsideTheClassesAreReported() throws IOException {
        Path f = write("g.txt", "(2 (2 a) (2 b))\n(2 (7 a) (2 b))\n");
        TreeFormatException e = assertThrows(TreeFormatException.class, () -> TreeReader.readLabelled(f, 5));
        assertEquals(2, e.line());
        assertEquals(5, e.column());
        assertTrue(e.getMessage().contains("expected 0..4, got '7'"), e.getMessage());
        assertEquals(2, TreeReader.read(f).size());
    }

    @Test
    void binarizeIsRightBranchingAndCollapsesUnaryChains() {
        Tree t = TreeReader.parse("(S (NP (DT the) (JJ big) (NN cat)) (VP (VBD sat)))");
        assertFalse(t.isBinary());
        Tree b = t.binarize();
        assertEquals("(S (NP (DT the) (NP (JJ big) (NN cat))) (VP sat))", b.toString());
        assertTrue(b.isBinary());
        assertEquals(t.words(), b.words());
        assertEquals(1, b.child(0).child(1).start());
        Tree bin = TreeReader.parse("(3 (2 not) (3 good))");
        assertSame(bin, bin.binarize());
    }

    @Test
    void escapesAndRightBranchingFallback() {
        assertEquals("(", Tree.unescape("-LRB-"));
        assertEquals("and/or", Tree.unescape("and\\/or"));
        assertEquals("-RRB-", Tree.escape(")"));
        assertEquals("(? (? not) (? (? -LRB-) (? (? so\\/so) (? -RRB-))))", Tree.rightBranching(" not (so/so) ", "?").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tree.leaf("2", "a b", 0));
        assertTrue(e.getMessage().contains("word must be a non-empty token"), e.getMessage());
    }
}
