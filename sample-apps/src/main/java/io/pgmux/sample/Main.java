package io.pgmux.sample;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * A plain JDBC application under load: one of several connection styles runs pgbench-like requests
 * from many threads and prints one JSON line with what it measured.
 */
public final class Main {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_BAD_ARGUMENTS = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(Arrays.asList(args));
        } catch (BadArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(Options.USAGE);
            return EXIT_BAD_ARGUMENTS;
        }
        if (options == null) {
            out.println(Options.USAGE);
            return EXIT_OK;
        }
        try {
            RunResult result = execute(options, err);
            out.println(result.toJson());
            out.flush();
            return result.errors == 0 ? EXIT_OK : EXIT_FAILED;
        } catch (SQLException e) {
            err.println("error: the run could not start: " + ErrorLog.describe(e));
            return EXIT_FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted before the run ended");
            return EXIT_FAILED;
        } catch (RuntimeException e) {
            err.println("error: the run could not start: " + ErrorLog.describe(e));
            return EXIT_FAILED;
        }
    }

    private static RunResult execute(Options options, PrintStream err) throws SQLException, InterruptedException {
        ConnectionSource driverManager = ConnectionSources.driverManager(options);
        int scale;
        try (Connection setup = driverManager.getConnection()) {
            if (options.init) {
                long began = System.nanoTime();
                Schema.create(setup, options.scale);
                err.printf("initialized pgbench tables at scale %d in %.1f s%n", options.scale, (System.nanoTime() - began) / 1e9);
            }
            scale = Schema.readScale(setup);
        }
        try (IdleConnections idle = IdleConnections.open(driverManager, options.idleConnections);
             ConnectionSource source = ConnectionSources.forStyle(options)) {
            return LoadRun.run(options, source, scale, new ErrorLog(err));
        }
    }
}
