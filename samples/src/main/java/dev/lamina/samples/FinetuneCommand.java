package dev.lamina.samples;

/**
 * Placeholder for {@code lamina finetune}: the transfer branch replaces this class with the real
 * command (base ONNX model, layers to reuse, classes of the new task, …).
 */
public final class FinetuneCommand {
  private FinetuneCommand() {}

  /** Prints that the command is not available yet; returns exit code 2. */
  public static int run(String[] args) {
    System.err.println("finetune: not available yet");
    return 2;
  }
}
