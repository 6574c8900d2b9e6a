package io.pgmux.it.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pgmux.testing.Standby;
import io.pgmux.testing.TestDatabase;
import io.pgmux.testing.TestDatabaseExtension;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Spring Boot sample, unchanged, with the agent and {@code pgmux.standby}: its {@code @Transactional(readOnly =
 * true)} methods run on a streaming standby that applies commits late, and still see what the app has just written.
 */
@ExtendWith(TestDatabaseExtension.class)
class SpringBootReadsOnStandbyIT {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final int ROUNDS = 30;

    @Test
    void readOnlyServiceMethodsRunOnTheStandbyAndSeeTheWritesBeforeThem(TestDatabase db) throws Exception {
        Standby standby = db.standby();
        try (BootApp app = BootApp.start("boot-with-standby", "pool.minIdle=0,standby=" + standby.host() + ":" + standby.port(),
                db.jdbcUrl(), db.user(), db.password())) {
            app.awaitHealthy(Duration.ofSeconds(120));
            // the monitor's first check of the standby: until then the primary serves reads
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                app.get("/total");
                return app.metric("pgmux.reads.standby") > 0;
            });
            standby.setApplyDelay(Duration.ofMillis(300));
            for (int i = 0; i < ROUNDS; i++) {
                BootApp.Response opened = app.post("/accounts?owner=standby-reader-" + i);
                assertThat(opened.status).as("%s", opened).isEqualTo(201);
                Matcher id = ID.matcher(opened.body);
                assertThat(id.find()).as("%s", opened).isTrue();
                BootApp.Response read = app.get("/accounts/" + id.group(1));
                assertThat(read.status).as("read after write, round %d: %s", i, read).isEqualTo(200);
                assertThat(read.body).contains("standby-reader-" + i);
            }
            BootApp.Response write = app.post("/readonly-write/1");
            assertThat(write.status).as("%s", write).isEqualTo(500);
            assertThat(write.body).contains("\"sqlState\":\"25006\"");
            assertThat(app.metric("pgmux.reads.standby")).as("reads the standby served").isGreaterThan(ROUNDS / 2.0);
            assertThat(app.metric("pgmux.reads.waits")).as("reads that waited for the standby to replay").isPositive();
        } finally {
            standby.setApplyDelay(Duration.ZERO);
        }
    }
}
