package io.pgmux.sample.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An ordinary Spring Boot service: HikariCP as Boot configures it, Hibernate with schema validation,
 * Flyway migrations, packed as a fat jar. It knows nothing of pgmux.
 */
@SpringBootApplication
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
