// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import dev.lamina.layers.Parameter;
import dev.lamina.model.Model;
import dev.lamina.model.TrainingSteps;
import java.util.List;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * A worker's part of one round, run as a Spark task: a pure function of the driver's state, the
 * round and the worker's index, so a retried or speculative copy of it returns the same result.
 */
final class WorkerTask implements Function<Integer, WorkerResult> {
  private static final long serialVersionUID = 1L;
  private final String fit;
  private final Round round;
  private final Broadcast<TrainingState> state;
  private final TrainingData data;
  private final ModelFactory factory;

  /** @param fit the fit's identifier: the tasks of one fit reuse its models ({@link ExecutorCache}) */
  WorkerTask(String fit, Round round, Broadcast<TrainingState> state, TrainingData data, ModelFactory factory) {
    this.fit = fit;
    this.round = round;
    this.state = state;
    this.data = data;
    this.factory = factory;
  }

  @Override
  public WorkerResult call(Integer worker) {
    Model model = ExecutorCache.model(fit, factory);
    state.value().applyTo(model);
    WorkerResult result = train(model, worker);
    ExecutorCache.release(fit, factory, model); // not after a failure: a retry starts from a new model
    return result;
  }

  private WorkerResult train(Model model, int worker) {
    Samples samples = ExecutorCache.training(data, round.samples());
    try (TrainingSteps steps = model.trainingSteps(samples.inputs(), samples.targets(), round.options())) {
      steps.beginEpoch(round.epoch(), round.stream(worker));
      List<String> names = List.copyOf(steps.sums().keySet());
      double[][] stepSums = new double[round.steps()][];
      int seen = 0;
      for (int k = 0; k < round.steps(); k++) {
        int s = round.firstStep() + k;
        int rows = round.rows(s, worker);
        steps.resetSums();
        if (rows > 0) { // else a last step shorter than the workers: nothing for this one
          if (round.mode() == SyncMode.AVERAGING) {
            steps.train(round.from(s, worker), rows);
          } else {
            steps.gradients(round.from(s, worker), rows);
          }
        }
        seen += steps.seen();
        stepSums[k] = steps.sums().values().stream().mapToDouble(Double::doubleValue).toArray();
      }
      if (round.mode() == SyncMode.AVERAGING) {
        return new WorkerResult(seen, model.checkpoint(0), new float[0][], new float[0][], names, stepSums);
      }
      boolean trained = seen > 0;
      List<Parameter> trainable = steps.trainableParameters();
      float[][] gradients = trainable.stream().map(p -> trained ? p.gradient().clone() : new float[0]).toArray(float[][]::new);
      float[][] moving = model.parameters().stream().filter(Parameter::isState).map(p -> p.value().clone())
          .toArray(float[][]::new);
      return new WorkerResult(seen, new byte[0], gradients, moving, names, stepSums);
    }
  }
}
