// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * An element-wise formula of one computed value x, written as ONNX nodes, to be recognised as one
 * layer (GRAPHS-AND-CONV.md §3.5): SiLU's {@code Mul(x, Sigmoid(x))}, torch's decomposition of GELU,
 * and so on. A pattern is an expression tree over {@link #x()}, scalar constants ({@link #k}) and
 * ops ({@link #op}); Add and Mul match their operands in either order, {@link #anyOf} takes the
 * first alternative that matches, so one pattern covers the orders exporters write.
 *
 * <p>{@link #find} starts at the node being converted (the first of the group in the graph's order)
 * and tries each later node reached through values read by a single node as the formula's last
 * node. A match is taken only when every node of it is still to be converted, every value inside it
 * is read by its own nodes alone and is no model output, and every op's version (at the model's
 * opset) is one reviewed for its float semantics ({@link #REVIEWED}); otherwise the nodes are
 * converted one by one as usual.
 */
final class NodePattern {
  /**
   * The op versions whose float semantics the patterns were checked against (onnx
   * docs/Changelog.md: the later ones only add types): a version nobody reviewed is not matched.
   */
  static final Map<String, Set<Integer>> REVIEWED = Map.of(
      "Add", Set.of(7, 13, 14), "Mul", Set.of(7, 13, 14), "Div", Set.of(7, 13, 14), "Pow", Set.of(7, 12, 13, 15),
      "Erf", Set.of(9, 13), "Tanh", Set.of(6, 13), "Sigmoid", Set.of(6, 13), "HardSigmoid", Set.of(6, 22));

  /** The longest chain of single readers followed from the first node. */
  private static final int MAX_NODES = 16;

  /** A node of the expression tree. */
  sealed interface Expr permits X, K, Op, AnyOf {}

  /** The input x: one computed value, the same wherever it occurs. */
  record X() implements Expr {}

  /** A scalar constant (any rank, one element) within {@code tolerance} of {@code value}. */
  record K(double value, double tolerance) implements Expr {}

  /** A node of op type {@code op} (standard domain) with exactly these inputs and attributes that pass {@code attributes}. */
  record Op(String op, List<Expr> inputs, Predicate<NodeProto> attributes) implements Expr {}

  /** The first of {@code alternatives} that matches. */
  record AnyOf(List<Expr> alternatives) implements Expr {}

  /**
   * A match: the value x, the nodes (the first in graph order first) and the last node, whose output
   * is the formula's value.
   */
  record Match(String x, List<NodeProto> nodes, NodeProto last) {}

  private static final X X = new X();

  private NodePattern() {}

  static Expr x() {
    return X;
  }

  /** A scalar constant equal to {@code value} within a relative 1e-6 (float rounding of a double constant). */
  static Expr k(double value) {
    return new K(value, 1e-6 * Math.abs(value));
  }

  static Expr op(String op, Expr... inputs) {
    return new Op(op, List.of(inputs), n -> true);
  }

  static Expr op(String op, Predicate<NodeProto> attributes, Expr... inputs) {
    return new Op(op, List.of(inputs), attributes);
  }

  static Expr anyOf(Expr... alternatives) {
    return new AnyOf(List.of(alternatives));
  }

  /** a·b·c however the two Muls group the three factors (and in any operand order). */
  static Expr product(Expr a, Expr b, Expr c) {
    return anyOf(op("Mul", op("Mul", a, b), c), op("Mul", op("Mul", a, c), b), op("Mul", op("Mul", b, c), a));
  }

  /**
   * The first of {@code patterns} that the group of nodes starting at {@code first} (the node being
   * converted) matches, with its index; the longest group is preferred.
   */
  static @Nullable Found find(NodeProto first, ImportContext c, List<Expr> patterns) {
    List<NodeProto> chain = new ArrayList<>(List.of(first));
    NodeProto last = first;
    while (chain.size() < MAX_NODES && last.getOutputCount() == 1) {
      NodeProto next = c.soleReader(last.getOutput(0));
      if (next == null) {
        break;
      }
      chain.add(next);
      last = next;
    }
    for (int end = chain.size() - 1; end >= 1; end--) {
      NodeProto root = chain.get(end);
      for (int i = 0; i < patterns.size(); i++) {
        Matcher m = new Matcher(c);
        if (root.getOutputCount() == 1 && m.match(root.getOutput(0), patterns.get(i)) && m.acceptable(first, root)) {
          List<NodeProto> nodes = new ArrayList<>(m.nodes);
          nodes.sort((a, b) -> Integer.compare(c.graph.position(a), c.graph.position(b)));
          return new Found(i, new Match(m.x, nodes, root));
        }
      }
    }
    return null;
  }

  /** The index of the pattern that matched, and the match. */
  record Found(int pattern, Match match) {}

  /** One attempt: the x bound so far and the nodes matched so far, undone on backtracking. */
  private static final class Matcher {
    private final ImportContext c;
    private @Nullable String x;
    private final Set<NodeProto> nodes = Collections.newSetFromMap(new IdentityHashMap<>());

    Matcher(ImportContext c) {
      this.c = c;
    }

    boolean match(String value, Expr e) {
      if (e instanceof X) {
        return bindX(value);
      }
      if (e instanceof K k) {
        Constant constant = c.graph.constant(value);
        return constant != null && constant.size() == 1 && Math.abs(constant.asFloats()[0] - k.value()) <= k.tolerance();
      }
      if (e instanceof AnyOf any) {
        for (Expr alternative : any.alternatives()) {
          if (attempt(() -> match(value, alternative))) {
            return true;
          }
        }
        return false;
      }
      return matchOp(value, (Op) e);
    }

    private boolean bindX(String value) {
      String v = c.graph.canonical(value);
      if (c.graph.constant(value) != null || c.value(value) == null) {
        return false; // a constant, or not computed before the first node
      }
      if (x == null) {
        x = v;
        return true;
      }
      return x.equals(v);
    }

    private boolean matchOp(String value, Op op) {
      NodeProto n = c.graph.producer(value);
      if (n == null || !OnnxGraph.isStandardDomain(n.getDomain()) || !n.getOpType().equals(op.op())
          || n.getOutputCount() != 1 || n.getInputCount() != op.inputs().size() || !op.attributes().test(n)) {
        return false;
      }
      boolean added = nodes.add(n);
      List<Expr> in = op.inputs();
      boolean ok;
      if (in.size() == 2 && (op.op().equals("Add") || op.op().equals("Mul"))) {
        ok = attempt(() -> match(n.getInput(0), in.get(0)) && match(n.getInput(1), in.get(1)))
            || attempt(() -> match(n.getInput(0), in.get(1)) && match(n.getInput(1), in.get(0)));
      } else {
        ok = true;
        for (int i = 0; i < in.size() && ok; i++) {
          ok = match(n.getInput(i), in.get(i));
        }
      }
      if (!ok && added) {
        nodes.remove(n);
      }
      return ok;
    }

    /** Runs {@code step}; when it fails, restores x and the nodes as they were. */
    private boolean attempt(java.util.function.BooleanSupplier step) {
      String x0 = x;
      List<NodeProto> n0 = new ArrayList<>(nodes);
      if (step.getAsBoolean()) {
        return true;
      }
      x = x0;
      nodes.clear();
      nodes.addAll(n0);
      return false;
    }

    /**
     * Whether the match may become one layer: it holds {@code first}, which comes first; no node of
     * it is converted yet; every value inside is read by its nodes only and is no model output; every
     * op version is reviewed.
     */
    boolean acceptable(NodeProto first, NodeProto last) {
      if (x == null || !nodes.contains(first)) {
        return false;
      }
      int start = c.graph.position(first);
      for (NodeProto n : nodes) {
        if (c.graph.position(n) < start || c.isClaimed(n)) {
          return false;
        }
        Set<Integer> reviewed = REVIEWED.get(n.getOpType());
        if (reviewed == null || !reviewed.contains(OnnxOpVersions.sinceVersion(n.getOpType(), c.opset))) {
          return false;
        }
        if (n != last && !c.readOnlyBy(n.getOutput(0), nodes)) {
          return false;
        }
      }
      return true;
    }
  }
}
