package io.pgmux.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge classes ({@code io.pgmux.bootstrap}) on the bootstrap class path, so that advice inlined into a
 * driver of any class loader resolves them to one and the same class.
 */
final class BootstrapBridge {
    static final String BRIDGE_CLASS = "io.pgmux.bootstrap.PgmuxBridge";
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2020, 1, 1, 0, 0);

    /** Every class of package io.pgmux.bootstrap; a test checks this list against the compiled package. */
    static final List<String> CLASSES = List.of("io.pgmux.bootstrap.ConnectHandler", BRIDGE_CLASS);

    private BootstrapBridge() {
    }

    /**
     * Appends the bridge classes to the bootstrap search path unless a previous start already did, and returns the
     * bridge class as the bootstrap loader defines it.
     */
    static Class<?> inject(Instrumentation instrumentation) throws IOException {
        Class<?> bridge = loadFromBootstrap();
        if (bridge != null) {
            return bridge;
        }
        File jar = writeJar();
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
        bridge = loadFromBootstrap();
        if (bridge == null) {
            throw new IllegalStateException("the bootstrap class loader did not find " + BRIDGE_CLASS + " in " + jar);
        }
        return bridge;
    }

    private static Class<?> loadFromBootstrap() {
        try {
            return Class.forName(BRIDGE_CLASS, false, null);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    static File writeJar() throws IOException {
        File jar = newTempFile();
        jar.deleteOnExit();
        ClassLoader agentLoader = BootstrapBridge.class.getClassLoader();
        try (OutputStream file = Files.newOutputStream(jar.toPath()); JarOutputStream out = new JarOutputStream(file)) {
            for (String className : CLASSES) {
                String resource = className.replace('.', '/') + ".class";
                try (InputStream in = agentLoader.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException(resource + " is missing from the agent jar");
                    }
                    JarEntry entry = new JarEntry(resource);
                    // a fixed local time: the current one would make the JVM load its time-zone data at start-up
                    entry.setTimeLocal(ENTRY_TIME);
                    out.putNextEntry(entry);
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }

    /**
     * Unlike File.createTempFile, names the file without SecureRandom, whose seeding slows JVM start-up; a name taken
     * by another JVM is skipped.
     */
    private static File newTempFile() throws IOException {
        Path directory = Paths.get(System.getProperty("java.io.tmpdir"));
        for (int attempt = 0; ; attempt++) {
            Path file = directory.resolve("pgmux-bootstrap-" + System.nanoTime() + ".jar");
            try {
                return Files.createFile(file).toFile();
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }
}
