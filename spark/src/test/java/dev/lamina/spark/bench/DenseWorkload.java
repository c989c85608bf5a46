// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark.bench;

import dev.lamina.activations.Activations;
import dev.lamina.initializers.Initializers;
import dev.lamina.layers.BatchNormalization;
import dev.lamina.layers.Dense;
import dev.lamina.layers.Flatten;
import dev.lamina.layers.Input;
import dev.lamina.losses.Losses;
import dev.lamina.model.Sequential;
import dev.lamina.optimizers.Optimizers;
import dev.lamina.spark.ModelFactory;

/**
 * The dense reference workloads of {@code shared/bench/README.md} as {@code lamina bench} trains
 * them: the networks of the samples' {@code BenchModels} (written here with core's builders, layer
 * for layer the same, seed 42 as {@code lamina bench}'s default), ending in logits, trained with
 * sparse categorical cross-entropy from logits and the workload's optimizer and batch size. The
 * spark module does not depend on the samples (an application with the CLI's dependencies), hence
 * the copy; keep it in step with {@code BenchModels} and {@code Workload}.
 */
enum DenseWorkload {
  /** W1: Flatten → BN → Dense 300 ELU (He normal) → BN → Dense 100 ELU (He normal) → BN → Dense 10; Adam 1e-3 (eps 1e-7), batch 32. */
  BN("bn", DenseWorkload::bn, 32),
  /** W2: Flatten → Dense 300 ReLU → Dense 100 ReLU → Dense 10, Glorot uniform; SGD 0.01, batch 256. */
  PLAIN("plain", DenseWorkload::plain, 256);

  /** {@code lamina bench}'s default seed. */
  static final long SEED = 42;
  /** The workloads' epochs (the README's table). */
  static final int EPOCHS = 3;

  private final String id;
  private final ModelFactory factory;
  private final int batch;

  DenseWorkload(String id, ModelFactory factory, int batch) {
    this.id = id;
    this.factory = factory;
    this.batch = batch;
  }

  static DenseWorkload named(String name) {
    for (DenseWorkload w : values()) {
      if (w.id.equals(name)) {
        return w;
      }
    }
    throw new IllegalArgumentException("unknown workload '" + name + "'; use bn or plain");
  }

  String id() {
    return id;
  }

  /** Makes the compiled model, on the driver and on the executors (a serialisable method reference). */
  ModelFactory factory() {
    return factory;
  }

  /** The batch size: single node's, and each Spark worker's. */
  int batch() {
    return batch;
  }

  static Sequential bn() {
    Sequential m = Sequential.of(SEED, Input.of(28, 28), new Flatten.Spec(null),
        new BatchNormalization.Spec(), Dense.builder(300).activation(Activations.ELU).kernelInitializer(Initializers.heNormal()),
        new BatchNormalization.Spec(), Dense.builder(100).activation(Activations.ELU).kernelInitializer(Initializers.heNormal()),
        new BatchNormalization.Spec(), Dense.builder(10));
    m.compile(Losses.sparseCategoricalCrossentropy(true), Optimizers.adam().learningRate(1e-3).epsilon(1e-7).build());
    return m;
  }

  static Sequential plain() {
    Sequential m = Sequential.of(SEED, Input.of(28, 28), new Flatten.Spec(null),
        Dense.builder(300).activation(Activations.RELU), Dense.builder(100).activation(Activations.RELU),
        Dense.builder(10));
    m.compile(Losses.sparseCategoricalCrossentropy(true), Optimizers.sgd().learningRate(0.01).build());
    return m;
  }
}
