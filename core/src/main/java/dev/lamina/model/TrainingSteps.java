// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import dev.lamina.layers.Parameter;
import dev.lamina.math.Seeds;
import dev.lamina.math.WorkerPool;
import dev.lamina.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training steps of {@code fit} on samples the caller chooses, for trainers that share an epoch's
 * batches out among workers (made by {@link Model#trainingSteps}). {@link #beginEpoch} puts the
 * samples in the epoch's order, the very permutation {@code fit} trains that epoch in (from the
 * same seed); a step then trains on a range of positions in that order. One step is
 * {@code fit}'s: forward in training mode, the losses, backward, the penalties, and (for
 * {@link #train}) the optimizer's update and the constraints.
 *
 * <pre>{@code
 * try (TrainingSteps steps = model.trainingSteps(x, y, options)) {
 *   steps.beginEpoch(epoch, 0);
 *   steps.train(0, 32);   // the epoch's first batch of 32, as fit trains it
 * }
 * }</pre>
 *
 * Nothing is checked per step beyond the range; the data's values are not checked at all (a pass
 * over them per worker would cost more than a step): check them once where they are made.
 */
public final class TrainingSteps implements AutoCloseable {
  private final Model model;
  private final Trainer trainer;
  private final Trainer.Epoch loop;
  private final WorkerPool pool;
  private final List<Tensor> x;
  private final List<Tensor> y;
  private boolean closed;

  TrainingSteps(Model model, Trainer trainer, List<Tensor> x, List<Tensor> y, FitOptions options) {
    model.checkInputs(x, "inputs");
    trainer.checkTargets(x.get(0), y, "training");
    DataChecks.nonEmpty(x.get(0), "trainingSteps: the training data has no samples (inputs ");
    this.model = model;
    this.trainer = trainer;
    this.x = List.copyOf(x);
    this.y = List.copyOf(y);
    this.loop = trainer.steps(x, y);
    this.pool = WorkerPool.of(options.threads());
    model.usage.beginTraining();
  }

  /** The number of training samples. */
  public int samples() {
    return loop.samples;
  }

  /**
   * Checks the data's values as {@code fit} does before its first batch: every input finite, every
   * label a class index for sparse categorical cross-entropy. One pass over the data: call it once
   * where the data are, not per worker step.
   *
   * @throws IllegalArgumentException naming the value and its row
   */
  public void checkValues() {
    check();
    for (Tensor t : x) {
      trainer.checkFinite(t, "training", t.samples());
    }
    trainer.checkLabels(y, "training", loop.samples);
  }

  /**
   * Starts an epoch: the samples in the epoch's order (fit's permutation for this epoch and seed),
   * the generators of random layers (dropout) reseeded, and the trainable parameters taken anew.
   *
   * @param stream 0 for the random numbers {@code fit} draws in this epoch; another value for a
   *     stream of its own from (seed, stream, epoch), so that workers, or the rounds of one worker
   *     within an epoch, draw different dropout masks
   */
  public void beginEpoch(int epoch, long stream) {
    check();
    trainer.reseed(epoch, loop);
    if (stream != 0) {
      loop.run.reseed(Seeds.derive(model.seed(), stream), epoch);
    }
    loop.prepare();
    loop.order();
  }

  /**
   * One training step (an update) on the samples at positions [from, from + rows) of the epoch's
   * order; returns the batch's loss, penalties included.
   *
   * @throws IllegalArgumentException if the range is not within the samples or rows is not in [1, batch size]
   */
  public double train(int from, int rows) {
    checkRange(from, rows);
    return pool.call(() -> {
      double loss = loop.forwardBackward(from, rows);
      loop.update();
      return loss;
    });
  }

  /**
   * As {@link #train}, but without the update: leaves the gradient of the batch's mean loss (and of
   * the penalties) in each trainable parameter's {@link Parameter#gradient()}.
   */
  public double gradients(int from, int rows) {
    checkRange(from, rows);
    return pool.call(() -> loop.forwardBackward(from, rows));
  }

  /** The trainable parameters, whose gradients {@link #gradients} computes, in the model's order. */
  public List<Parameter> trainableParameters() {
    return model.parameters().stream().filter(Parameter::isTrainable).toList();
  }

  /**
   * The sums since the last {@link #resetSums()}: {@code "loss"}, the batch losses times their
   * rows, then each metric's sum over the samples, named as in fit's logs ({@code "accuracy"}).
   * Divided by {@link #seen()} they are fit's epoch logs; summed over workers first, the logs of
   * their union.
   */
  public Map<String, Double> sums() {
    Map<String, Double> sums = new LinkedHashMap<>();
    sums.put("loss", loop.lossSum);
    String[] names = loop.metricNames();
    for (int m = 0; m < names.length; m++) {
      sums.put(names[m], loop.metricSums[m]);
    }
    return sums;
  }

  /** The samples trained on since the last {@link #resetSums()}. */
  public int seen() {
    return loop.seen;
  }

  public void resetSums() {
    loop.lossSum = 0;
    loop.seen = 0;
    Arrays.fill(loop.metricSums, 0);
  }

  /** Ends the training use of the model, so that inference may run on it again. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      model.usage.endTraining();
    }
  }

  private void checkRange(int from, int rows) {
    check();
    if (from < 0 || rows < 1 || rows > loop.batchSize || from > loop.samples - rows) {
      throw new IllegalArgumentException("TrainingSteps: a step needs 0 <= from and 1 <= rows <= " + loop.batchSize
          + " (the batch size) with from + rows <= " + loop.samples + " (the samples), but got from=" + from
          + ", rows=" + rows);
    }
  }

  private void check() {
    if (closed) {
      throw new IllegalStateException("TrainingSteps: closed");
    }
  }
}
