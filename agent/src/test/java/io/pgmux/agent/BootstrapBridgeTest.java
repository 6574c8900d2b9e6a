package io.pgmux.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BootstrapBridgeTest {

    @Test
    void theBootstrapJarHoldsEveryClassOfTheBridgePackage() throws IOException, URISyntaxException {
        Path classes = Paths.get(PgmuxAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> compiled;
        try (Stream<Path> files = Files.list(classes.resolve("io/pgmux/bootstrap"))) {
            compiled = files.map(p -> "io/pgmux/bootstrap/" + p.getFileName()).sorted().collect(Collectors.toList());
        }

        File jar = BootstrapBridge.writeJar();
        try (JarFile written = new JarFile(jar)) {
            List<String> entries = written.stream().map(JarEntry::getName).sorted().collect(Collectors.toList());
            assertThat(entries).isEqualTo(compiled);
        } finally {
            Files.deleteIfExists(jar.toPath());
        }
    }
}
