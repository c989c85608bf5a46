// SPDX-License-Identifier: Apache-2.0

package dev.lamina.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoundTest {

  private static Round round(int workers, int batchSize, int samples) {
    return new Round(0, 0, Round.stepsPerEpoch(samples, workers, batchSize), workers, batchSize, samples, true, 1L, 1,
        SyncMode.AVERAGING);
  }

  @Test
  void aGlobalStepIsWorkersTimesTheBatchCutIntoEqualConsecutiveParts() {
    Round r = round(3, 4, 30); // 12 samples per global step: 3 steps, the last of 6
    assertEquals(3, r.steps());
    assertEquals(List.of(0, 4, 8), List.of(r.from(0, 0), r.from(0, 1), r.from(0, 2)));
    assertEquals(List.of(4, 4, 4), List.of(r.rows(0, 0), r.rows(0, 1), r.rows(0, 2)));
    assertEquals(List.of(24, 26, 28), List.of(r.from(2, 0), r.from(2, 1), r.from(2, 2)), "the short last step, split evenly");
    assertEquals(List.of(2, 2, 2), List.of(r.rows(2, 0), r.rows(2, 1), r.rows(2, 2)));
  }

  @Test
  void everyPositionIsTrainedOnceAndTheFirstWorkersGetTheRemainder() {
    for (int workers = 1; workers <= 5; workers++) {
      for (int samples : new int[] {1, 7, 30, 33}) {
        Round r = round(workers, 4, samples);
        List<Integer> positions = new ArrayList<>();
        for (int s = 0; s < r.steps(); s++) {
          for (int w = 0; w < workers; w++) {
            assertEquals(true, r.rows(s, w) <= 4);
            assertEquals(true, w == 0 || r.rows(s, w) <= r.rows(s, w - 1), "the first worker trains in every step");
            for (int i = 0; i < r.rows(s, w); i++) {
              positions.add(r.from(s, w) + i);
            }
          }
        }
        assertEquals(samples, positions.size(), workers + " workers, " + samples + " samples");
        Set<Integer> distinct = new HashSet<>(positions);
        assertEquals(samples, distinct.size());
        for (int i = 0; i < samples; i++) {
          assertEquals(i, positions.get(i), "in order");
        }
      }
    }
  }

  @Test
  void oneWorkerStepsAreFitsBatchesAndStreamsAreDistinct() {
    Round r = round(1, 16, 100);
    assertEquals(7, r.steps());
    assertEquals(96, r.from(6, 0));
    assertEquals(4, r.rows(6, 0));
    assertEquals(0, r.stream(0), "fit's own random numbers for the first worker of an epoch's first round");
    Round later = new Round(0, 3, 2, 2, 16, 100, true, null, 1, SyncMode.AVERAGING);
    assertEquals(List.of(6L, 7L), List.of(later.stream(0), later.stream(1)));
    assertEquals(16, later.options().batchSize());
    assertEquals(null, later.options().seed());
  }
}
