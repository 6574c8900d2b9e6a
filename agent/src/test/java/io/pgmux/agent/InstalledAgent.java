package io.pgmux.agent;

import io.pgmux.bootstrap.PgmuxBridge;
import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Installs the bridge and the instrumentation once in the test JVM, with a {@link RecordingHandler}. No bridge type
 * appears in its signatures or as an argument (the verifier would load it), so that the tests' own classes never load
 * the bridge through the app class loader.
 */
final class InstalledAgent {
    private static Class<?> bridge;

    private InstalledAgent() {
    }

    static synchronized void ensureInstalled() throws Exception {
        if (bridge != null) {
            return;
        }
        Instrumentation instrumentation = ByteBuddyAgent.install();
        bridge = BootstrapBridge.inject(instrumentation);
        RecordingHandler.install();
        ConnectInstrumentation.install(instrumentation, bridge);
    }

    static ClassLoader bridgeClassLoader() {
        return PgmuxBridge.class.getClassLoader();
    }

    static Class<?> bootstrapBridge() {
        return bridge;
    }
}
