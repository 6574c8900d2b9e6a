package io.pgmux.bench;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Child JVMs still running, destroyed when this JVM ends for any reason (Ctrl-C included), so none is left behind. */
public final class ChildProcesses {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcesses::destroyAll, "pgmux-child-process-cleanup"));
    }

    private ChildProcesses() {
    }

    /** Tracks the process until {@link #forget(Process)}. */
    public static Process track(Process process) {
        LIVE.add(process);
        return process;
    }

    public static void forget(Process process) {
        LIVE.remove(process);
    }

    /** Ends a child and everything it started. */
    public static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        LIVE.remove(process);
    }

    private static void destroyAll() {
        for (Process process : LIVE) {
            destroy(process);
        }
    }
}
