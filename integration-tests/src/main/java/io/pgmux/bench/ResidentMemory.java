package io.pgmux.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Peak resident memory (VmHWM of /proc/PID/status) of a live process, on Linux. */
final class ResidentMemory {

    private ResidentMemory() {
    }

    /** VmHWM in MB, NaN where the process is gone or this is not Linux. */
    static double peakMb(long pid) {
        Path status = Paths.get("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    String kilobytes = line.substring("VmHWM:".length()).replace("kB", "").trim();
                    return Long.parseLong(kilobytes) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
