package io.liveboard.processors;

import io.liveboard.schema.AvroTrust;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The stream processors as a Spring Boot app: Kafka Streams topologies plus Actuator health and
 * Prometheus metrics (port 8081). Holds no static state, so a launcher may run it in the same JVM as
 * the fan-out ({@code new SpringApplicationBuilder(ProcessorsApplication.class).run(args)}) and close
 * it. Its configuration file is {@code liveboard-processors.yml} (see {@link ProcessorsDefaults}).
 */
@SpringBootApplication
@EnableConfigurationProperties({ProcessorsProperties.class, TopicsProperties.class})
public class ProcessorsApplication {

    public static void main(String[] args) {
        AvroTrust.install();
        SpringApplication.run(ProcessorsApplication.class, args);
    }
}
