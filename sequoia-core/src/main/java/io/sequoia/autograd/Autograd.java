package io.sequoia.autograd;

import io.sequoia.tensor.Elementwise;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.GradBuffers;
import io.sequoia.tensor.NDArray;
import io.sequoia.tensor.Shapes;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records primitives and runs reverse-mode differentiation. The primitives in this package and
 * the fused kernels above it (recurrent layers, attention) register themselves through
 * {@link #record}; nothing else writes backward code.
 */
public final class Autograd {
    private Autograd() {}

    /** Backward of a single-output primitive. */
    @FunctionalInterface
    public interface Backward1 {
        NDArray[] apply(NDArray grad, boolean[] needs);
    }

    /** Wraps {@code out} as the result of {@code op}, recording the graph if any input requires grad. */
    public static Tensor record(String op, NDArray out, Backward1 backward, Tensor... inputs) {
        return record(op, new NDArray[]{out}, (g, needs) -> {
            NDArray gg = g[0] != null ? g[0] : NDArray.zeros(out.dtype(), out.shape());
            return backward.apply(gg, needs);
        }, inputs)[0];
    }

    /** Multi-output version: the outputs share one node. */
    public static Tensor[] record(String op, NDArray[] outs, Backward backward, Tensor... inputs) {
        return record(op, outs, backward, null, inputs);
    }

    /**
     * As {@link #record(String, NDArray[], Backward, Tensor...)}, with {@code onRelease} run once the
     * node's saved state can no longer be used: right away when nothing is recorded (no input needs
     * grad, or grad mode is off), else when backward frees the graph (not with retainGraph). Fused
     * kernels use it to recycle their workspaces.
     */
    public static Tensor[] record(String op, NDArray[] outs, Backward backward, Runnable onRelease, Tensor... inputs) {
        if (Anomaly.enabled()) Anomaly.checkForward(op, outs, inputs);
        boolean track = false;
        if (GradMode.isEnabled()) for (Tensor t : inputs) track |= t != null && t.requiresGrad();
        Tensor[] res = new Tensor[outs.length];
        if (!track) {
            for (int i = 0; i < outs.length; i++) res[i] = new Tensor(outs[i]);
            linkViews(res, inputs);
            if (onRelease != null) onRelease.run();
            return res;
        }
        int[][] shapes = new int[outs.length][];
        for (int i = 0; i < outs.length; i++) shapes[i] = outs[i].shape();
        Node node = new Node(op, inputs.clone(), shapes, backward, onRelease);
        for (int i = 0; i < outs.length; i++) res[i] = new Tensor(outs[i], node, i);
        linkViews(res, inputs);
        for (Tensor in : inputs) if (in != null && in.owner().gradFn != null) in.owner().holds++;   // leaves are never recycled
        return res;
    }

    /** An output that shares an input's storage (a view) is counted against that storage's owner. */
    private static void linkViews(Tensor[] outs, Tensor[] inputs) {
        for (Tensor o : outs) {
            for (Tensor in : inputs) {
                if (in != null && o.data().sharesStorage(in.data())) {
                    o.storageOwner = in.owner();
                    o.storageOwner.viewed = true;
                    break;
                }
            }
        }
    }

    /**
     * Declares {@code t} an intermediate result of the caller's forward pass: the caller neither keeps it
     * nor returns it (nor a view of it), so once backward (without {@code retainGraph}) has run the node
     * that made it and every node that reads it, nothing can read it again and its storage goes
     * to the per-thread pool ({@link GradBuffers}) for the next step's arrays (issue 16: activation buffers
     * reused across steps). If a node that reads it is not run by that backward (a branch the loss does not
     * use), or if an op made a view of it (a reshape, which may outlive it), the storage is left to the
     * garbage collector. No effect on a view of another tensor, on one that shares storage with one of
     * {@code escaping} (what the caller returns or was given), or on one that no node made while grad mode is on
     * (a later node may still read it). A tensor made while grad mode is off (inference, {@link GradMode#noGrad})
     * has no node and none can be made of it in that forward, so its storage goes to the pool at once, unless a
     * view of it was made. Modules call it for the tensors their forward makes and drops, after their last use.
     * Returns {@code t}.
     */
    public static Tensor intermediate(Tensor t, Tensor... escaping) {
        if (t == null || t.storageOwner != null || t.intermediate || t.dtype() != io.sequoia.tensor.DType.FLOAT32) return t;
        if (t.gradFn == null && (GradMode.isEnabled() || t.viewed || t.requiresGrad())) return t;
        for (Tensor e : escaping) if (e != null && e.data().sharesStorage(t.data())) return t;
        t.intermediate = true;
        if (t.gradFn == null) {
            // made with grad mode off: no node can read it, and its maker is done with it
            GradBuffers.recycle(t.data());
            return t;
        }
        if (t.gradFn.intermediates == null) t.gradFn.intermediates = new ArrayList<>(2);
        t.gradFn.intermediates.add(t);
        return t;
    }

    /**
     * After {@code node} was released: its inputs' storage has one reader fewer, and its intermediate
     * outputs that no unreleased node reads go to the pool (unless the backward just passed one on).
     */
    private static void releaseStorage(Node node, NDArray[] gOut, NDArray[] gIn) {
        for (Tensor in : node.inputs) if (in != null && in.owner().gradFn != null) in.owner().holds--;
        if (node.intermediates == null) return;
        for (Tensor t : node.intermediates) {
            if (t.holds != 0 || !t.intermediate || t.viewed || sharedWith(t.data(), gOut) || sharedWith(t.data(), gIn)) continue;
            t.intermediate = false;
            GradBuffers.recycle(t.data());
        }
        node.intermediates = null;
    }

    static void backward(Tensor root, NDArray seed, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw Errors.state("Tensor.backward", "element 0 of tensors does not require grad and does not have a grad_fn",
                    "call requiresGrad(true) on the leaves you want gradients for");
        }
        if (seed == null) {
            if (root.numel() != 1) {
                throw Errors.arg("Tensor.backward", "grad can be implicitly created only for scalar outputs",
                        "a tensor with 1 element", "shape " + Shapes.str(root.shape()),
                        "Hint: pass a seed gradient of the output's shape");
            }
            seed = NDArray.full(root.dtype(), 1.0, root.shape());
        } else if (!Arrays.equals(seed.shape(), root.shape())) {
            throw Errors.shape("Tensor.backward", "seed gradient must have the output's shape", Shapes.str(root.shape()),
                    Shapes.str(seed.shape()), null);
        }
        if (root.gradFn == null) { root.accumulateGrad(seed); return; }

        List<Node> order = topologicalOrder(root.gradFn);
        Map<Node, NDArray[]> grads = new IdentityHashMap<>();
        NDArray[] g0 = new NDArray[root.gradFn.outputShapes.length];
        g0[root.outputIndex] = seed;
        grads.put(root.gradFn, g0);
        for (Node node : order) {
            NDArray[] gOut = grads.remove(node);
            if (gOut == null) continue;
            NDArray[] gIn = node.apply(gOut);
            if (Anomaly.enabled()) Anomaly.checkBackward(node, gOut, gIn);
            if (!retainGraph) {
                node.release();
                releaseStorage(node, gOut, gIn);
            }
            unmarkShared(gIn);
            // a gradient a backward made for the engine alone is dead once its node has consumed it and
            // not passed it (or a view of it) on: its storage goes back to the pool for the next step
            for (NDArray a : gOut) if (a != null && a.isFresh() && !sharedWith(a, gIn)) GradBuffers.recycle(a);
            for (int i = 0; i < node.inputs.length; i++) {
                Tensor in = node.inputs[i];
                if (in == null || !in.requiresGrad() || gIn[i] == null) {
                    // a gradient for an input that needs none (an add passing its gradient on to a constant)
                    if (gIn[i] != null && gIn[i].isFresh()) GradBuffers.recycle(gIn[i]);
                    continue;
                }
                NDArray g = gIn[i];
                if (!Arrays.equals(g.shape(), in.shape())) {
                    throw new IllegalStateException(Errors.format("autograd", "backward of '" + node.op + "' returned a gradient of the wrong shape",
                            Shapes.str(in.shape()), Shapes.str(g.shape()), "input " + i));
                }
                if (in.gradFn == null) {
                    in.accumulateGrad(g);
                } else {
                    NDArray[] slot = grads.computeIfAbsent(in.gradFn, n -> new NDArray[n.outputShapes.length]);
                    int k = in.outputIndex;
                    // never add in place: a backward may return an array it also saved or passed on
                    if (slot[k] == null) {
                        slot[k] = g;
                    } else {
                        NDArray sum = Elementwise.binary(Elementwise.Binary.ADD, slot[k], g);
                        if (slot[k].isFresh()) GradBuffers.recycle(slot[k]);
                        if (g.isFresh()) GradBuffers.recycle(g);
                        slot[k] = sum;
                    }
                }
            }
        }
    }

    /**
     * Marks {@code a} fresh (a gradient made for the engine alone: see {@link NDArray#markFresh}) unless
     * it shares storage with one of {@code kept} — the incoming gradient or arrays the node saved, which
     * a backward may return unchanged (an add passes its gradient on, a reshape returns a view of it).
     * Returns {@code a}. For backward functions whose results are new arrays in the usual case.
     */
    public static NDArray fresh(NDArray a, NDArray... kept) {
        if (a == null) return null;
        for (NDArray k : kept) if (a.sharesStorage(k)) return a;
        return a.markFresh();
    }

    /**
     * A fresh gradient that a backward returned twice, or together with a view of it, is not
     * exclusive: it loses its mark (nothing may keep or recycle it as if it were).
     */
    private static void unmarkShared(NDArray[] gIn) {
        for (int i = 0; i < gIn.length; i++) {
            NDArray a = gIn[i];
            if (a == null || !a.isFresh()) continue;
            for (int j = 0; j < gIn.length; j++) {
                if (j != i && gIn[j] != null && a.sharesStorage(gIn[j])) { a.claimFresh(); break; }
            }
        }
    }

    private static boolean sharedWith(NDArray a, NDArray[] arrays) {
        for (NDArray b : arrays) if (a.sharesStorage(b)) return true;
        return false;
    }

    /** Nodes reachable from {@code root}, each before the nodes it feeds from (reverse topological order). */
    private static List<Node> topologicalOrder(Node root) {
        List<Node> post = new ArrayList<>();
        Map<Node, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[]{root, 0});
        visited.put(root, true);
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            Node n = (Node) top[0];
            int i = (Integer) top[1];
            if (i < n.inputs.length) {
                top[1] = i + 1;
                Tensor in = n.inputs[i];
                if (in != null && in.gradFn != null && in.requiresGrad() && visited.put(in.gradFn, true) == null) {
                    stack.push(new Object[]{in.gradFn, 0});
                }
            } else {
                stack.pop();
                post.add(n);
            }
        }
        java.util.Collections.reverse(post);
        return post;
    }
}
