// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lamina.activations.Activations;
import dev.lamina.dsl.Layers;
import dev.lamina.layers.Layer;
import dev.lamina.model.Sequential;
import dev.lamina.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExportMetadataTest {

  @Test
  void layerNamesWithCommasAndBackslashesAreEscapedAndSplitBack() {
    List<String> names = List.of("a,b", "c\\d", "e\\,f", "", "plain", "trailing\\");
    String joined = ExportMetadata.joinNames(names);
    assertEquals("a\\,b,c\\\\d,e\\\\\\,f,,plain,trailing\\\\", joined);
    assertEquals(names, ExportMetadata.splitNames(joined));
    assertEquals(List.of("dense", "dropout", "dense_1"), ExportMetadata.splitNames("dense,dropout,dense_1"),
        "lists written before escaping read the same");
  }

  @Test
  void aModelWhoseLayerNamesHoldSeparatorsKeepsItsDropoutAndNamesOnReimport() {
    Sequential model = Sequential.of(1, Layers.input(6), Layers.dense(4).name("a,b"), Layers.dropout(0.2).name("d,1"),
        Layers.dense(3).activation(Activations.RELU).name("x\\y;z=1"), Layers.dense(2));
    Sequential back = OnnxImporter.read(OnnxExporter.toBytes(model)).sequential();
    assertEquals(model.layers().stream().map(Layer::name).toList(), back.layers().stream().map(Layer::name).toList());
    assertEquals(model.layers().stream().map(Layer::type).toList(), back.layers().stream().map(Layer::type).toList());
    assertEquals(0.2, ((dev.lamina.layers.Dropout) back.get("d,1")).rate(), 1e-12);
    Tensor x = Tensor.of(ModelMaker.random(12, 3), 2, 6);
    assertArrayEquals(model.predict(x).data(), back.predict(x).data(), 0f);
  }
}
