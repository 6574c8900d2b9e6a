package io.pgmux.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApplicationNameTest {

    @Test
    void aJarAppIsNamedAfterItsJarFile() {
        assertThat(ApplicationName.fromJavaCommand("/opt/shop/orders-service.jar --port 8080"))
                .contains("orders-service.jar");
    }

    @Test
    void aClassPathAppIsNamedAfterItsMainClass() {
        assertThat(ApplicationName.fromJavaCommand("com.example.Billing --threads 4")).contains("com.example.Billing");
    }

    @Test
    void anUnknownCommandGivesNoName() {
        assertThat(ApplicationName.fromJavaCommand(null)).isEmpty();
        assertThat(ApplicationName.fromJavaCommand("  ")).isEmpty();
    }

    @Test
    void aNameIsCutToWhatPostgresqlKeeps() {
        String longName = "a".repeat(100) + ".jar";

        assertThat(ApplicationName.fromJavaCommand(longName).orElseThrow()).hasSize(63);
    }
}
