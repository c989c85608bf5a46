// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import dev.lamina.metrics.Accuracy;
import dev.lamina.metrics.Metric;
import dev.lamina.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The training configuration set by {@code compile}: the optimizer and, per output (in the
 * model's output order), its objective or null. Metrics such as {@code accuracy()} are resolved
 * to the variant each output's loss implies.
 */
record Compiled(Optimizer optimizer, @Nullable Objective[] objectives) {

  static Compiled of(Model model, Optimizer optimizer, List<Objective> given) {
    List<String> names = model.outputNames();
    Objective[] objectives = new Objective[names.size()];
    for (Objective o : given) {
      int i = names.indexOf(o.output());
      if (i < 0) {
        throw new IllegalArgumentException(model.kind() + ": no output is named '" + o.output() + "'; outputs are " + names);
      }
      if (objectives[i] != null) {
        throw new IllegalArgumentException(model.kind() + ": output '" + o.output() + "' has two objectives");
      }
      int units = model.outputs().get(i).size();
      List<Metric> resolved = new ArrayList<>();
      for (Metric m : o.metrics()) {
        resolved.add(m instanceof Accuracy a ? a.resolve(o.loss(), units) : m);
      }
      objectives[i] = o.metrics(resolved);
    }
    if (given.isEmpty()) {
      throw new IllegalArgumentException(model.kind() + ": compile needs a loss for at least one output");
    }
    return new Compiled(optimizer, objectives);
  }

  /** The names in the logs: {@code loss}, {@code accuracy} for one output; {@code head_loss}, {@code head_accuracy} for several. */
  String metricName(int output, Metric metric) {
    Objective o = objectives[output];
    return objectives.length == 1 || o == null ? metric.name() : o.output() + "_" + metric.name();
  }
}
