package io.pgmux.agent;

import java.lang.instrument.Instrumentation;

/**
 * Entry point of {@code -javaagent:pgmux-agent.jar[=key=value,...]} and of attaching to a running JVM.
 *
 * <p>It names no other class of the agent in a signature, so that even a broken agent jar (a class missing) cannot
 * fail the JVM's start: every error surfaces inside the calls below and is reported as such.
 */
public final class PgmuxAgent {
    private PgmuxAgent() {
    }

    public static void premain(String agentArgs, Instrumentation instrumentation) {
        boolean proceed;
        try {
            proceed = AgentStart.start(agentArgs, instrumentation);
        } catch (Throwable e) {
            reportBrokenAgent(e);
            return;
        }
        if (!proceed) {
            // only a strict configuration error gets here; the message is already on stderr
            System.exit(1);
        }
    }

    /** Attached to a running JVM: a strict configuration error fails the attach rather than the running app. */
    public static void agentmain(String agentArgs, Instrumentation instrumentation) {
        boolean proceed;
        try {
            proceed = AgentStart.start(agentArgs, instrumentation);
        } catch (Throwable e) {
            reportBrokenAgent(e);
            return;
        }
        if (!proceed) {
            throw new IllegalStateException("pgmux configuration is invalid and pgmux.strict=true: see the JVM's stderr");
        }
    }

    private static void reportBrokenAgent(Throwable e) {
        System.err.println("[pgmux] ERROR pgmux could not start and leaves this app's connections untouched; "
                + "the agent jar may be damaged or incomplete: " + e);
        e.printStackTrace();
    }
}
