// SPDX-License-Identifier: Apache-2.0

package dev.lamina.model;

import dev.lamina.io.AtomicFiles;
import dev.lamina.layers.Parameter;
import dev.lamina.optimizers.Optimizer;
import dev.lamina.schedules.Schedules;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * The checkpoint file, version 2: big-endian, in this order.
 *
 * <pre>
 * "LAMINACK" (8 ASCII bytes), int version = 2, long seed, int epochs done
 * int n, then n parameters:  string name, int rank, rank × int dimension, int count, count × float
 * byte 1 if optimizer state follows, 0 if not; then:
 *   string kind (the optimizer's class name, "Adam")
 *   int n, then n scalars:    string name, double value ("iterations", "gradient_calls", "mu_product")
 *   byte 1 and a double if the learning rate is a constant (as set by callbacks), else 0
 *   int n, then n parameters: string name, int k, then k slots: string name, int count, count × float
 * int n, then n callback states (version 2; saved during fit, see Callback.resumeState):
 *   string key ("0:EarlyStopping"), int k, then k values: string name, double value
 * long CRC-32 of every byte before it
 * </pre>
 *
 * Version 1, without the callback states, is read too. A string is an int byte count and that many UTF-8 bytes. No generator state is stored: training
 * reseeds its generators at each epoch from (seed, epoch), see {@code Trainer}.
 */
final class Checkpoint {
  private static final byte[] MAGIC = "LAMINACK".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 2;
  /** The first version with callback states. */
  private static final int CALLBACK_STATES = 2;

  private Checkpoint() {}

  static void write(Path path, Model model, @Nullable Optimizer optimizer, int epochs) {
    try {
      AtomicFiles.write(path, bytes(model, optimizer, epochs));
    } catch (IOException e) {
      throw new UncheckedIOException("Checkpoint " + path + ": cannot write: " + e.getMessage(), e);
    }
  }

  /** The checkpoint's bytes, as {@link #write} puts them in the file. */
  static byte[] bytes(Model model, @Nullable Optimizer optimizer, int epochs) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(MAGIC);
      out.writeInt(VERSION);
      out.writeLong(model.seed());
      out.writeInt(epochs);
      List<Parameter> parameters = model.parameters();
      out.writeInt(parameters.size());
      for (Parameter p : parameters) {
        writeString(out, p.name());
        int[] shape = p.shape();
        out.writeInt(shape.length);
        for (int d : shape) {
          out.writeInt(d);
        }
        writeFloats(out, p.value());
      }
      out.writeBoolean(optimizer != null);
      if (optimizer != null) {
        writeOptimizer(out, optimizer, parameters);
      }
      List<dev.lamina.callbacks.Callback> callbacks = model.runningCallbacks;
      Map<String, Map<String, Double>> states = callbacks == null ? Map.of() : CallbackState.of(callbacks);
      out.writeInt(states.size());
      for (Map.Entry<String, Map<String, Double>> e : states.entrySet()) {
        writeString(out, e.getKey());
        out.writeInt(e.getValue().size());
        for (Map.Entry<String, Double> v : new java.util.TreeMap<>(e.getValue()).entrySet()) {
          writeString(out, v.getKey());
          out.writeDouble(v.getValue());
        }
      }
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeLong(crc.getValue());
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("Checkpoint: cannot serialise: " + e.getMessage(), e); // in memory: not expected
    }
  }

  private static void writeOptimizer(DataOutputStream out, Optimizer optimizer, List<Parameter> parameters)
      throws IOException {
    writeString(out, optimizer.getClass().getSimpleName());
    Map<String, Double> scalars = optimizer.scalarState();
    out.writeInt(scalars.size());
    for (Map.Entry<String, Double> e : scalars.entrySet()) {
      writeString(out, e.getKey());
      out.writeDouble(e.getValue());
    }
    boolean constant = optimizer.learningRate() instanceof Schedules.ConstantRate;
    out.writeBoolean(constant);
    if (constant) {
      out.writeDouble(((Schedules.ConstantRate) optimizer.learningRate()).learningRate());
    }
    out.writeInt(parameters.size());
    for (Parameter p : parameters) {
      writeString(out, p.name());
      Map<String, float[]> slots = optimizer.slots(p).all();
      out.writeInt(slots.size());
      for (Map.Entry<String, float[]> e : slots.entrySet()) {
        writeString(out, e.getKey());
        writeFloats(out, e.getValue());
      }
    }
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    out.writeInt(values.length);
    ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES);
    buffer.asFloatBuffer().put(values);
    out.write(buffer.array());
  }

  // ---- reading ---------------------------------------------------------------------------

  /**
   * Reads and checks the whole file against the model and optimizer, then restores them; nothing
   * changes if anything is wrong. Returns the number of epochs done.
   */
  static int load(Path path, Model model, @Nullable Optimizer optimizer) {
    byte[] content;
    try {
      content = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Checkpoint " + path + ": cannot read: " + e.getMessage(), e);
    }
    return load(path.toString(), content, model, optimizer);
  }

  /**
   * As {@link #load(Path, Model, Optimizer)} from the bytes {@link #bytes} made; {@code source}
   * names them in messages (a file, "(in memory)").
   */
  static int load(String source, byte[] content, Model model, @Nullable Optimizer optimizer) {
    CheckpointReader in = new CheckpointReader(source, ByteBuffer.wrap(content));
    if (!Arrays.equals(in.bytes(MAGIC.length, "the header"), MAGIC)) {
      throw in.corrupt(0, "not a Lamina checkpoint (the header is not LAMINACK)");
    }
    int version = in.buffer.getInt(in.need(4, "the version"));
    if (version < 1 || version > VERSION) {
      throw in.corrupt(MAGIC.length, "version " + version + " is not supported; this Lamina reads versions 1 to "
          + VERSION);
    }
    long seed = in.buffer.getLong(in.need(8, "the seed"));
    int epochs = in.count("the number of epochs");
    List<Parameter> parameters = model.parameters();
    int n = in.count("the number of parameters");
    if (n != parameters.size()) {
      throw in.mismatch("it has " + n + " parameters, but the model has " + parameters.size());
    }
    float[][] values = new float[n][];
    for (int i = 0; i < n; i++) {
      Parameter p = parameters.get(i);
      in.expectName(p.name(), "parameter " + i);
      int[] shape = new int[in.items("the rank of " + p.name(), Integer.BYTES)];
      for (int d = 0; d < shape.length; d++) {
        shape[d] = in.count("a dimension of " + p.name());
      }
      if (!Arrays.equals(shape, p.shape())) {
        throw in.mismatch(p.name() + " has shape " + Arrays.toString(shape) + ", but the model's has "
            + Arrays.toString(p.shape()));
      }
      values[i] = in.floats(p.size(), p.name());
    }
    OptimizerState state = in.buffer.get(in.need(1, "the optimizer flag")) != 0
        ? readOptimizer(in, optimizer, parameters) : null;
    Map<String, Map<String, Double>> states = version >= CALLBACK_STATES ? readCallbackStates(in) : Map.of();
    int end = in.buffer.position();
    long expected = in.buffer.getLong(in.need(8, "the checksum"));
    if (in.buffer.hasRemaining()) {
      throw in.corrupt(in.buffer.position(), in.buffer.remaining() + " unexpected bytes after the checksum");
    }
    CRC32 crc = new CRC32();
    crc.update(content, 0, end);
    if (crc.getValue() != expected) {
      throw in.corrupt(end, "the checksum does not match the content");
    }
    for (int i = 0; i < n; i++) {
      System.arraycopy(values[i], 0, parameters.get(i).value(), 0, values[i].length);
    }
    if (state != null && optimizer != null) {
      state.applyTo(optimizer, parameters);
    }
    model.setSeed(seed);
    model.resumedCallbacks = new CallbackState.Saved(epochs, states);
    return epochs;
  }

  private static Map<String, Map<String, Double>> readCallbackStates(CheckpointReader in) {
    Map<String, Map<String, Double>> states = new LinkedHashMap<>();
    for (int i = 0, k = in.items("the number of callback states", 8); i < k; i++) {
      String key = in.string("a callback's key");
      Map<String, Double> values = new LinkedHashMap<>();
      for (int j = 0, m = in.items("the number of values of " + key, 12); j < m; j++) {
        String name = in.string("a value name of " + key);
        values.put(name, in.buffer.getDouble(in.need(8, key + " " + name)));
      }
      states.put(key, values);
    }
    return states;
  }

  private static OptimizerState readOptimizer(CheckpointReader in, @Nullable Optimizer optimizer, List<Parameter> parameters) {
    if (optimizer == null) {
      throw new IllegalStateException("Checkpoint " + in.path + ": it holds optimizer state; compile the model before "
          + "loadCheckpoint");
    }
    in.expectName(optimizer.getClass().getSimpleName(), "the optimizer");
    Map<String, Double> scalars = new LinkedHashMap<>();
    for (int i = 0, k = in.count("the number of optimizer scalars"); i < k; i++) {
      String name = in.string("an optimizer scalar's name");
      scalars.put(name, in.buffer.getDouble(in.need(8, "optimizer scalar " + name)));
    }
    Double rate = in.buffer.get(in.need(1, "the learning-rate flag")) != 0
        ? in.buffer.getDouble(in.need(8, "the learning rate")) : null;
    int n = in.count("the number of parameters with optimizer state");
    if (n != parameters.size()) {
      throw in.mismatch("it has optimizer state for " + n + " parameters, but the model has " + parameters.size());
    }
    List<Map<String, float[]>> slots = new ArrayList<>();
    for (Parameter p : parameters) {
      in.expectName(p.name(), "the optimizer state's parameter");
      Map<String, float[]> named = new LinkedHashMap<>();
      for (int j = 0, k = in.count("the number of slots of " + p.name()); j < k; j++) {
        String slot = in.string("a slot name of " + p.name());
        named.put(slot, in.floats(p.size(), p.name() + " slot " + slot));
      }
      slots.add(named);
    }
    return new OptimizerState(scalars, rate, slots);
  }

  private record OptimizerState(Map<String, Double> scalars, @Nullable Double rate, List<Map<String, float[]>> slots) {
    void applyTo(Optimizer optimizer, List<Parameter> parameters) {
      optimizer.setScalarState(scalars);
      if (rate != null) {
        optimizer.setLearningRate(rate);
      }
      for (int i = 0; i < parameters.size(); i++) {
        optimizer.setSlots(parameters.get(i), slots.get(i));
      }
    }
  }
}
