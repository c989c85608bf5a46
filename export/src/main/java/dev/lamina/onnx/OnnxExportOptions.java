// SPDX-License-Identifier: Apache-2.0

package dev.lamina.onnx;

import dev.lamina.activations.Activation;
import dev.lamina.layers.Layer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How {@link OnnxExporter} writes a model. {@link #defaults()} gives opset 17, input {@code input},
 * output {@code output}, dropout left out; each method named after a component returns a changed
 * copy, and {@link #layerExport} and {@link #activationExport} add ONNX mappings for layers and
 * activations of one's own.
 *
 * <pre>{@code
 * OnnxExportOptions.defaults().opset(21).outputName("logits")
 *     .trainingConfiguration(Map.of("optimizer", "SGD(lr=0.001, momentum=0.9)", "loss", "sparse_categorical_crossentropy"))
 * }</pre>
 *
 * @param opset the ai.onnx opset, 13–21; the IR version follows (13–14: 7, 15–18: 8, 19–20: 9, 21: 10)
 * @param inputName the graph input's name, for a model with one input; the inputs of a model with
 *     several are named after the model's inputs ({@code Input.named})
 * @param outputName the graph output's name, for a model with one output; the outputs of a model
 *     with several are named after the layers that produce them ({@code Model.outputNames()})
 * @param monteCarloDropout whether {@code Dropout} layers are written as ONNX {@code Dropout} with
 *     {@code training_mode} true, so that every run drops units (MC dropout); otherwise they are
 *     left out, as in an inference export
 * @param trainingConfiguration provenance written to {@code metadata_props} as
 *     {@code lamina.training.<key>}: loss, optimizer, epochs, data set, …
 * @param layerExports ONNX mappings of layer classes, used before the layer's own
 *     {@link OnnxExportable} and Lamina's mapping of its class; see {@link #layerExport}
 * @param activationExports ONNX mappings of activation classes, used before the activation's own
 *     {@link OnnxExportableActivation} and Lamina's mapping of its class; see
 *     {@link #activationExport(Class, OnnxActivationExport)}
 * @param activationInstanceExports ONNX mappings of single activations (matched with
 *     {@code equals}), used before all others; see
 *     {@link #activationExport(Activation, OnnxActivationExport)}
 */
public record OnnxExportOptions(int opset, String inputName, String outputName, boolean monteCarloDropout,
    Map<String, String> trainingConfiguration, Map<Class<? extends Layer>, OnnxLayerExport<?>> layerExports,
    Map<Class<? extends Activation>, OnnxActivationExport<?>> activationExports,
    Map<Activation, OnnxActivationExport<?>> activationInstanceExports) {

  public OnnxExportOptions {
    if (opset < OnnxVersions.MIN_EXPORT_OPSET || opset > OnnxVersions.MAX_EXPORT_OPSET) {
      throw new IllegalArgumentException("OnnxExportOptions: opset must be in [" + OnnxVersions.MIN_EXPORT_OPSET + ", "
          + OnnxVersions.MAX_EXPORT_OPSET + "], but was " + opset);
    }
    Objects.requireNonNull(inputName, "inputName");
    Objects.requireNonNull(outputName, "outputName");
    if (inputName.isEmpty() || outputName.isEmpty() || inputName.equals(outputName)) {
      throw new IllegalArgumentException("OnnxExportOptions: input and output names must be non-empty and differ, but were '"
          + inputName + "' and '" + outputName + "'");
    }
    trainingConfiguration = Map.copyOf(new LinkedHashMap<>(trainingConfiguration));
    layerExports = Map.copyOf(layerExports);
    activationExports = Map.copyOf(activationExports);
    activationInstanceExports = Map.copyOf(activationInstanceExports);
  }

  /** Opset 17, {@code input} → {@code output}, dropout left out, no training configuration. */
  public static OnnxExportOptions defaults() {
    return new OnnxExportOptions(OnnxVersions.DEFAULT_OPSET, "input", "output", false, Map.of(), Map.of(), Map.of(),
        Map.of());
  }

  /** The IR version written with {@link #opset()}. */
  public int irVersion() {
    return OnnxVersions.irVersionFor(opset);
  }

  public OnnxExportOptions opset(int opset) {
    return new OnnxExportOptions(opset, inputName, outputName, monteCarloDropout, trainingConfiguration, layerExports,
        activationExports, activationInstanceExports);
  }

  public OnnxExportOptions inputName(String inputName) {
    return new OnnxExportOptions(opset, inputName, outputName, monteCarloDropout, trainingConfiguration, layerExports,
        activationExports, activationInstanceExports);
  }

  public OnnxExportOptions outputName(String outputName) {
    return new OnnxExportOptions(opset, inputName, outputName, monteCarloDropout, trainingConfiguration, layerExports,
        activationExports, activationInstanceExports);
  }

  public OnnxExportOptions monteCarloDropout(boolean monteCarloDropout) {
    return new OnnxExportOptions(opset, inputName, outputName, monteCarloDropout, trainingConfiguration, layerExports,
        activationExports, activationInstanceExports);
  }

  public OnnxExportOptions trainingConfiguration(Map<String, String> trainingConfiguration) {
    return new OnnxExportOptions(opset, inputName, outputName, monteCarloDropout, trainingConfiguration, layerExports,
        activationExports, activationInstanceExports);
  }

  /**
   * A copy that writes layers of class {@code type} (exactly that class) with {@code export}: the way
   * to export a layer class one cannot change, or to write one of Lamina's layers differently.
   *
   * <pre>{@code
   * OnnxExportOptions.defaults().layerExport(GaussianNoise.class, (layer, w) -> w.output("Identity", List.of(w.input())))
   * }</pre>
   */
  public <L extends Layer> OnnxExportOptions layerExport(Class<L> type, OnnxLayerExport<? super L> export) {
    Map<Class<? extends Layer>, OnnxLayerExport<?>> m = new LinkedHashMap<>(layerExports);
    m.put(type, export);
    return new OnnxExportOptions(opset, inputName, outputName, monteCarloDropout, trainingConfiguration, m,
        activationExports, activationInstanceExports);
  }

  /**
   * A copy that writes activations of class {@code type} (exactly that class) with {@code export},
   * wherever they are used (fused in a {@code Dense}, or as an {@code Activation} layer): the way to
   * export an activation class one cannot change, or to write one of Lamina's differently.
   * Activations made by {@link dev.lamina.activations.Activations#of} share one class: map each
   * with {@link #activationExport(Activation, OnnxActivationExport)} instead.
   *
   * <pre>{@code
   * OnnxExportOptions.defaults().activationExport(Swish.class, (a, x, w) -> {
   *   String scaled = w.node("Mul", List.of(x, w.constant("swish_beta", new float[] {(float) a.beta()})));
   *   w.output("Mul", List.of(x, w.node("Sigmoid", List.of(scaled))));
   * })
   * }</pre>
   */
  public <A extends Activation> OnnxExportOptions activationExport(Class<A> type, OnnxActivationExport<? super A> export) {
    Map<Class<? extends Activation>, OnnxActivationExport<?>> m = new LinkedHashMap<>(activationExports);
    m.put(type, export);
    return new OnnxExportOptions(opset, inputName, outputName, monteCarloDropout, trainingConfiguration, layerExports, m,
        activationInstanceExports);
  }

  /**
   * A copy that writes {@code activation} (and every activation {@code equals} to it) with
   * {@code export}: the way to export an activation made by
   * {@link dev.lamina.activations.Activations#of}.
   *
   * <pre>{@code
   * Activation swish = Activations.of("swish", x -> x / (1 + Math.exp(-x)), (x, y) -> ...);
   * OnnxExportOptions.defaults()
   *     .activationExport(swish, (a, x, w) -> w.output("Mul", List.of(x, w.node("Sigmoid", List.of(x)))));
   * }</pre>
   */
  public OnnxExportOptions activationExport(Activation activation, OnnxActivationExport<Activation> export) {
    Map<Activation, OnnxActivationExport<?>> m = new LinkedHashMap<>(activationInstanceExports);
    m.put(activation, export);
    return new OnnxExportOptions(opset, inputName, outputName, monteCarloDropout, trainingConfiguration, layerExports,
        activationExports, m);
  }
}
