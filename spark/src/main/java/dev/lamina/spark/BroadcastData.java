// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import org.apache.spark.broadcast.Broadcast;

/** {@link ArrayData} sent to each executor once, as a Spark broadcast variable. */
record BroadcastData(Broadcast<ArrayData> broadcast) implements TrainingData {

  @Override
  public Samples load() {
    return broadcast.value().load();
  }

  /** The broadcast's id: every deserialised copy of this source has the same (unlike the copies' identity). */
  long id() {
    return broadcast.id();
  }
}
