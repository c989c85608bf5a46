// SPDX-License-Identifier: Apache-2.0

package dev.lamina.samples;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code lamina} command line, on picocli: every command's options, {@code --help},
 * {@code --version} and the shell completion script ({@code lamina completion}) come from one
 * declaration per command. Exit codes: 0 success, 1 a check that found a difference, 2 a usage
 * error or any other error, reported as one line on standard error ({@code --debug} adds the
 * stack trace).
 */
@Command(name = "lamina", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
    description = "Training deep neural networks on the JVM, with Keras semantics; ONNX import, export and checks.",
    footer = {"", "Fashion-MNIST is found through --data, then $LAMINA_DATA, ~/.cache/lamina/fashion-mnist,",
        "/usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist).",
        "Add --debug to any command to see stack traces. Shell completion: source <(lamina completion)",
        "Exit status: 0 success, 1 a check found a difference, 2 a usage error or any other error."},
    subcommands = {Demo.class, SummaryCommand.class, CheckCommand.class, FinetuneCommand.class, PredictCommand.class,
        BenchCommand.class,
        HelpCommand.class})
public final class Main implements Callable<Integer> {
  /** The width of the help text (picocli's default, 80, wraps the option tables too much). */
  private static final int HELP_WIDTH = 110;

  @Spec
  CommandSpec spec;

  /** Where the commands write their output and their messages (standard output and error, or a test's). */
  PrintStream out = System.out;
  PrintStream err = System.err;

  /** Read before parsing too ({@link #execute}), so that usage errors show their stack trace. */
  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "show the stack trace of an error")
  boolean debug;

  public static void main(String[] args) {
    System.exit(execute(args, System.err));
  }

  /** {@code lamina} alone: a usage error, so the usage goes to standard error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  /**
   * Runs a command line and returns its exit code: the command's own, or 2 with one line on
   * {@code err} for any error (and the stack trace with {@code --debug}). Help and command output
   * go to standard output.
   */
  static int execute(String[] args, PrintStream err) {
    return execute(args, System.out, err);
  }

  /** As {@link #execute(String[], PrintStream)}, the output going to {@code out}. */
  static int execute(String[] args, PrintStream out, PrintStream err) {
    boolean debug = Arrays.asList(args).contains("--debug");
    PrintWriter errors = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    Main main = new Main();
    main.out = out;
    main.err = err;
    CommandLine cli = commandLine(main);
    cli.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    cli.setErr(errors);
    cli.setParameterExceptionHandler((e, arguments) -> {
      CommandLine c = e.getCommandLine();
      errors.println(c.getCommandSpec().qualifiedName() + ": " + usageError(e) + "; try "
          + c.getCommandSpec().qualifiedName() + " --help");
      if (debug) {
        e.printStackTrace(errors);
      }
      return 2;
    });
    cli.setExecutionExceptionHandler((e, c, parsed) -> {
      errors.println(c.getCommandSpec().qualifiedName() + ": " + oneLine(e));
      if (debug) {
        e.printStackTrace(errors);
      }
      return 2;
    });
    return cli.execute(args);
  }

  /** The command line of {@code lamina}, its subcommands and converters. */
  static CommandLine commandLine(Main main) {
    CommandLine cli = new CommandLine(main);
    cli.addSubcommand("completion", new AutoComplete.GenerateCompletion());
    cli.getSubcommands().get("completion").getCommandSpec().usageMessage()
        .description("prints the bash/zsh completion script of lamina: source <(lamina completion)");
    Args.install(cli);
    cli.setUsageHelpWidth(HELP_WIDTH);
    cli.setUsageHelpLongOptionsMaxWidth(32);
    format(cli);
    return cli;
  }

  /** The same headings for every command: lower case, as the rest of the output. */
  private static void format(CommandLine cli) {
    cli.getCommandSpec().usageMessage().synopsisHeading("usage: ").commandListHeading("%ncommands:%n")
        .optionListHeading("%noptions:%n").parameterListHeading("%narguments:%n");
    cli.getSubcommands().values().forEach(Main::format);
  }

  /**
   * A usage error in the words of the rest of the command line: the option and what was wrong
   * with its value, the unknown command or option, or picocli's message.
   */
  static String usageError(ParameterException e) {
    if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String arg = u.getUnmatched().get(0);
      boolean root = u.getCommandLine().getParent() == null;
      return arg.startsWith("-") ? "unknown option " + arg
          : root ? "unknown command '" + arg + "'" : "unexpected argument '" + arg + "'";
    }
    if (e.getCause() instanceof TypeConversionException t && e.getArgSpec() instanceof OptionSpec o) {
      return o.longestName() + " " + t.getMessage();
    }
    return oneLine(e);
  }

  /** The exception's message on one line (its class name if it has none). */
  static String oneLine(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.replaceAll("\\s*\\R\\s*", " ");
  }
}
