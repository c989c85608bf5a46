// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import dev.lamina.layers.Parameter;
import dev.lamina.model.Model;
import dev.lamina.optimizers.Optimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Combines the workers' results into the driver's model, in partition order. Every mean is the
 * sample-weighted one, summed in double in partition order and rounded to float once, so that it
 * does not depend on which task finished first, and with one worker it is that worker's value bit
 * for bit (n·v / n is exact in double).
 */
final class Averaging {
  private final Model driver;
  /** A model of the same layers, to read the workers' states into: their format is the checkpoint's. */
  private final Model scratch;

  Averaging(Model driver, Model scratch) {
    this.driver = driver;
    this.scratch = scratch;
  }

  /**
   * Averaging mode: the driver gets the mean of the workers' weights, moving statistics and
   * optimizer slots, and the step count (and other scalars) of the first worker, which trains in
   * every step of a round. Its learning rate stays its own.
   */
  void states(List<WorkerResult> results) {
    List<Parameter> target = driver.parameters();
    List<Parameter> source = scratch.parameters();
    double[][] values = new double[target.size()][];
    List<Map<String, double[]>> slots = new ArrayList<>();
    for (Parameter p : target) {
      values[slots.size()] = new double[p.size()];
      slots.add(new LinkedHashMap<>());
    }
    Map<String, Double> scalars = null;
    long total = 0;
    for (WorkerResult r : results) {
      if (r.samples() == 0) {
        continue; // it trained nothing: its state is the driver's
      }
      total += r.samples();
      scratch.loadCheckpoint(r.state());
      Optimizer optimizer = scratch.optimizer();
      if (scalars == null) {
        scalars = optimizer.scalarState();
      }
      for (int i = 0; i < values.length; i++) {
        add(values[i], source.get(i).value(), r.samples());
        for (Map.Entry<String, float[]> e : optimizer.slots(source.get(i)).all().entrySet()) {
          add(slots.get(i).computeIfAbsent(e.getKey(), k -> new double[e.getValue().length]), e.getValue(), r.samples());
        }
      }
    }
    if (scalars == null) {
      return;
    }
    Optimizer optimizer = driver.optimizer();
    for (int i = 0; i < values.length; i++) {
      mean(values[i], total, target.get(i).value());
      Map<String, float[]> averaged = new LinkedHashMap<>();
      for (Map.Entry<String, double[]> e : slots.get(i).entrySet()) {
        float[] v = new float[e.getValue().length];
        mean(e.getValue(), total, v);
        averaged.put(e.getKey(), v);
      }
      optimizer.setSlots(target.get(i), averaged);
    }
    optimizer.setScalarState(scalars);
  }

  /**
   * Gradient mode: the mean of the workers' gradients (each the gradient of its batch's mean loss,
   * so the mean weighted by rows is the gradient of the whole global batch's mean loss) goes into
   * the trainable parameters, the driver's optimizer updates them, and the constraints apply, as in
   * a step of {@code fit}; the moving statistics become the workers' mean.
   */
  void gradients(List<WorkerResult> results) {
    List<Parameter> all = driver.parameters();
    List<Parameter> trainable = all.stream().filter(Parameter::isTrainable).toList();
    List<Parameter> moving = all.stream().filter(Parameter::isState).toList();
    long total = results.stream().mapToLong(WorkerResult::samples).sum();
    if (total == 0) {
      return;
    }
    for (int i = 0; i < trainable.size(); i++) {
      double[] sum = new double[trainable.get(i).size()];
      for (WorkerResult r : results) {
        if (r.samples() > 0) {
          add(sum, r.gradients()[i], r.samples());
        }
      }
      mean(sum, total, trainable.get(i).gradient());
    }
    for (int i = 0; i < moving.size(); i++) {
      double[] sum = new double[moving.get(i).size()];
      for (WorkerResult r : results) {
        if (r.samples() > 0) {
          add(sum, r.moving()[i], r.samples());
        }
      }
      mean(sum, total, moving.get(i).value());
    }
    driver.optimizer().apply(trainable); // in the driver's WorkerPool: fit's threads
    for (Parameter p : trainable) {
      p.constrain();
    }
  }

  private static void add(double[] sum, float[] values, int weight) {
    for (int j = 0; j < sum.length; j++) {
      sum[j] += (double) weight * values[j];
    }
  }

  private static void mean(double[] sum, long total, float[] into) {
    for (int j = 0; j < sum.length; j++) {
      into[j] = (float) (sum[j] / total);
    }
  }
}
