package io.pgmux.it.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmux.it.agent.BackgroundJvm;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The database password appears in no MBean, metric, log line or exception message (SPEC section 7). */
@ExtendWith(TestDatabaseExtension.class)
class PasswordsIT {

    /** Every attribute of every pgmux MBean, and what holders() answers, as text. */
    private static String everyMBeanValue(MBeanServerConnection mbeans) throws Exception {
        StringBuilder text = new StringBuilder();
        for (ObjectName name : mbeans.queryNames(new ObjectName("io.pgmux:*"), null)) {
            text.append(name).append('\n');
            for (MBeanAttributeInfo attribute : mbeans.getMBeanInfo(name).getAttributes()) {
                Object value = mbeans.getAttribute(name, attribute.getName());
                text.append(attribute.getName()).append('=')
                        .append(value instanceof Object[] ? Arrays.toString((Object[]) value) : String.valueOf(value)).append('\n');
            }
            if ("Pool".equals(name.getKeyProperty("type"))) {
                text.append(Arrays.toString((String[]) mbeans.invoke(name, "holders", null, null))).append('\n');
            }
        }
        return text.toString();
    }

    @Test
    void aPasswordGivenInTheUrlAndAsPropertyShowsNowhere(TestDatabase db) throws Exception {
        SampleSchema.ensure(db);
        int port = BackgroundJvm.freePort();
        String url = db.jdbcUrl() + "?user=" + db.user() + "&password=" + db.password();
        try (BackgroundJvm app = BackgroundJvm.sampleApp("pool.size=2,log.level=debug,leakThresholdMs=60000",
                List.of("-Dpgmux.metrics.port=" + port), "drivermanager", "--url", url, "--user", db.user(),
                "--password", db.password(), "--threads", "4", "--duration", "30", "--mode", "write", "--idle-connections", "3")) {
            // the child answers an attach only once its JVM is up
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .until(() -> !app.mbeans().queryNames(new ObjectName("io.pgmux:type=Pool,*"), null).isEmpty());
            MBeanServerConnection mbeans = app.mbeans();
            String mbeanText = everyMBeanValue(mbeans);
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();

            assertThat(mbeanText).contains("ClientsOpen=", "io.pgmux:type=Agent").doesNotContain(db.password());
            assertThat(metrics).contains("pgmux_clients").doesNotContain(db.password());
            assertThat(app.stderr()).contains("[pgmux] INFO pgmux ").doesNotContain(db.password());
        }
    }

    @Test
    void aWrongPasswordFailsWithTheDriversMessageAndWithoutThePassword(TestDatabase db) throws Exception {
        String wrong = db.password() + "-wrong";
        try (BackgroundJvm app = BackgroundJvm.sampleApp("log.level=debug", List.of(), "drivermanager", "--url", db.jdbcUrl(),
                "--user", db.user(), "--password", wrong, "--requests", "1")) {
            assertThat(app.awaitExit(60)).as("%s", app).isNotZero();
            assertThat(app.stderr()).contains("password authentication failed").doesNotContain(db.password());
            assertThat(app.stdout()).doesNotContain(db.password());
        }
    }
}
