package io.pgmux.bench;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where this module's own classes are, for child JVMs that run one of its mains. */
final class BenchPaths {

    private BenchPaths() {
    }

    static Path ownClasses() {
        try {
            return Paths.get(BenchPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the benchmark's classes: " + e.getMessage(), e);
        }
    }
}
